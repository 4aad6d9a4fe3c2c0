/** Shape of a built-in function of the expression language. */
import type { Call } from '../ast';
import type { ExprContext } from '../context';
import { ExpressionError, ExprCodes } from '../errors';
import { formatMessage, type MessageParams } from '../../codes';
import { typeName } from '../values';

export type Category = 'string' | 'collection' | 'logical' | 'conversion' | 'math' | 'date' | 'system';

/** A call site: the node, the source text, and helpers that throw positioned, ADF-like errors. */
export class CallSite {
  constructor(readonly node: Call, readonly source: string, readonly name: string) {}

  /** Throws an evaluation error positioned on argument `arg` (or on the whole call); its message is the code's template. */
  fail(code: string, params: MessageParams, arg?: number, variant?: string): never {
    const n = arg !== undefined && this.node.args[arg] ? this.node.args[arg] : this.node;
    throw new ExpressionError(code, formatMessage(code, params, variant), n.start, n.end - n.start);
  }

  /** The standard "invalid parameter" error. */
  invalid(arg: number, detail: string): never {
    this.fail(ExprCodes.invalidArgument, { name: this.name, detail }, arg);
  }

  /** The standard "wrong type" error. */
  expectType(arg: number, expected: string, value: unknown): never {
    this.fail(
      ExprCodes.invalidArgument,
      { name: this.name, ordinal: ordinal(arg), expected, type: typeName(value) },
      arg,
      'parameterType',
    );
  }
}

function ordinal(i: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][i] ?? `${i + 1}th`;
}

export interface FunctionDef {
  /** Canonical spelling. Calls match case-insensitively. */
  name: string;
  category: Category;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  /** Display signature, e.g. `concat(text1: string, text2: string, ...): string`. */
  signature: string;
  /** One-paragraph documentation for hovers and completion. */
  doc: string;
  /** When true, `impl` receives argument thunks (if, and, or: evaluated lazily). */
  lazy?: boolean;
  impl(args: unknown[], ctx: ExprContext, site: CallSite): unknown;
}

/** Helper to declare functions compactly. */
export function fn(
  name: string,
  category: Category,
  arity: [number, number],
  signature: string,
  doc: string,
  impl: FunctionDef['impl'],
  lazy = false,
): FunctionDef {
  return { name, category, minArgs: arity[0], maxArgs: arity[1], signature, doc, impl, lazy };
}
