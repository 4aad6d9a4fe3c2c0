/** JSON documents with source ranges (jsonc-parser) and line/column mapping. */
export * from './document';
export { LineIndex } from './lineIndex';
