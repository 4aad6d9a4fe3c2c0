/** Helpers shared by the lint rules: walking string literals of a JSON value, expressions, resource lookups. */
import type { JsonPath } from '../../json';
import { CONTAINER_TYPES } from '../../model';

/** True for a string ADF evaluates as an expression (`@...`, not the `@@` escape) or that interpolates (`@{...}`). */
export function isExpressionString(s: string): boolean {
  return (s.startsWith('@') && !s.startsWith('@@')) || s.includes('@{');
}

/** True for a value written as an expression object `{"value": "...", "type": "Expression"}`. */
function isExpressionObject(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as Record<string, unknown>).type === 'Expression';
}

/** Values that only hold the place of a secret (ADF writes `**********` for stripped secrets). */
export function isPlaceholder(s: string): boolean {
  return /^\s*\*+\s*$/.test(s) || s.trim() === '';
}

export interface StringLeaf {
  value: string;
  /** The property name holding the string (the last key of the path; for array items, the array's key). */
  key: string;
  path: JsonPath;
}

/**
 * Every literal string of a value with its path, skipping expressions, expression objects and the subtrees `skip`
 * says to leave alone (e.g. Key Vault secret references). Bounded depth.
 */
export function literalStrings(value: unknown, base: JsonPath, skip: (obj: Record<string, unknown>) => boolean = () => false): StringLeaf[] {
  const out: StringLeaf[] = [];
  const visit = (v: unknown, path: JsonPath, key: string, depth: number) => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (!isExpressionString(v)) out.push({ value: v, key, path });
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i], key, depth + 1));
    else if (v && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      if (isExpressionObject(obj) || skip(obj)) return;
      for (const [k, x] of Object.entries(obj)) visit(x, [...path, k], k, depth + 1);
    }
  };
  visit(value, base, String(base[base.length - 1] ?? ''), 0);
  return out;
}

/** `{type: 'AzureKeyVaultSecret'}` and `{type: 'SecureString'}` objects: the ways ADF keeps a secret out of the definition. */
export function isSecretReference(obj: Record<string, unknown>): boolean {
  return obj.type === 'AzureKeyVaultSecret' || obj.type === 'SecureString';
}

/** Keys of a container activity's typeProperties that hold inner activities (linted as activities of their own). */
const INNER_LIST_KEYS = new Set(['activities', 'ifTrueActivities', 'ifFalseActivities', 'cases', 'defaultActivities']);

/** An activity's typeProperties without the inner activity lists of a container (ForEach, Until, If, Switch). */
export function ownTypeProperties(activity: Record<string, any>): unknown {
  const tp = activity?.typeProperties;
  if (!tp || typeof tp !== 'object' || !CONTAINER_TYPES.has(activity.type)) return tp;
  return Object.fromEntries(Object.entries(tp).filter(([k]) => !INNER_LIST_KEYS.has(k)));
}
