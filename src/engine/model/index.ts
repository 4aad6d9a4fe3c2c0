export * from './types';
export * from './loader';
export * from './references';
export * from './activities';
export * from './dependencies';
export * from './parameters';
export * from './builtins';
export * from './host';
