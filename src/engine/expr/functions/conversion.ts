import type { FunctionDef } from './types';
export const conversionFunctions: FunctionDef[] = [];
