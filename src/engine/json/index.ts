/** JSON documents with positions: parsing with exact ranges (jsonc-parser), JSON pointers/paths, line index. */
export * from './document';
export * from './lineIndex';
