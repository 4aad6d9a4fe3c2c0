export { levenshtein } from './editDistance';
export { closestName, closestNames } from './suggest';
