import type { FunctionDef } from './types';
export const dateFunctions: FunctionDef[] = [];
