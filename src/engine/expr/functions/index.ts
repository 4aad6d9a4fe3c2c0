/** The catalogue of built-in functions, looked up case-insensitively. */
import { collectionFunctions } from './collection';
import { conversionFunctions } from './conversion';
import { dateFunctions } from './date';
import { logicalFunctions } from './logical';
import { mathFunctions } from './math';
import { stringFunctions } from './string';
import { systemFunctions } from './system';
import type { FunctionDef } from './types';

export type { FunctionDef } from './types';

/** Every built-in function, in catalogue order (by category). */
export const allFunctions: readonly FunctionDef[] = [
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateFunctions,
  ...systemFunctions,
];

const byName = new Map<string, FunctionDef>(allFunctions.map((f) => [f.name.toLowerCase(), f]));

/** The function named `name` (any casing), or undefined. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return byName.get(name.toLowerCase());
}
