/** Text helpers shared by the validator, the expression checker and the editor features. */
export * from './editDistance';
export { closestName, closestNames } from './suggest';
export { decodeText, encodingOf, type TextEncodingName } from './decode';
