/** Editor language features over factory JSON: outline, go to definition/references, quick fixes, templates. */
export * from './outline';
export * from './references';
export * from './quickFix';
export * from './templates';
