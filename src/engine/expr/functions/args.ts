/** Argument checks shared by the built-in functions. Each throws ADF-like positioned errors. */
import { AdfFloat, numKind, toNumber } from '../values';
import type { CallSite } from './types';

export function str(args: unknown[], i: number, site: CallSite): string {
  const v = args[i];
  if (typeof v !== 'string') site.expectType(i, "of type 'String'", v);
  return v;
}

/** An optional string argument (absent or null → undefined). */
export function optStr(args: unknown[], i: number, site: CallSite): string | undefined {
  if (args.length <= i || args[i] === null) return undefined;
  return str(args, i, site);
}

/** An integer argument as a JS number (must fit in a double exactly). */
export function int(args: unknown[], i: number, site: CallSite): number {
  const v = args[i];
  if (numKind(v) !== 'int') site.expectType(i, "an integer", v);
  const n = toNumber(v);
  if (!Number.isSafeInteger(n)) site.invalid(i, `The integer value '${String(v)}' is out of range.`);
  return n;
}

/** A number argument (int or float). */
export function num(args: unknown[], i: number, site: CallSite): number | bigint | AdfFloat {
  const v = args[i];
  if (!numKind(v)) site.expectType(i, 'either an integer or a decimal number', v);
  return v as number | bigint | AdfFloat;
}

export function bool(args: unknown[], i: number, site: CallSite): boolean {
  const v = args[i];
  if (typeof v !== 'boolean') site.expectType(i, "of type 'Boolean'", v);
  return v;
}
