export * from './types';
export * from './loader';
export * from './references';
export * from './activities';
export * from './privateEndpoints';
