/**
 * Evaluation: a parsed template is compiled once into closures (one per AST node), so evaluating it again
 * with another context costs no parsing and no tree walking. Errors are ExpressionErrors positioned in the
 * JSON string value.
 */
import type { Expr, Template } from './ast';
import type { ExprContext } from './context';
import { ExpressionError, ExprCodes } from './errors';
import { formatMessage, type MessageParams } from '../codes';
import { lookupFunction } from './functions';
import { CallSite } from './functions/types';
import { AdfFloat, getProperty, isPlainObject, numKind, toNumber, toText, typeName } from './values';

export type Compiled = (ctx: ExprContext) => unknown;

function fail(code: string, params: MessageParams, node: { start: number; end: number }, variant?: string): never {
  throw new ExpressionError(code, formatMessage(code, params, variant), node.start, node.end - node.start);
}

function selectProperty(source: string, node: Expr & { kind: 'member' | 'index' }, target: unknown, key: string): unknown {
  if (isPlainObject(target)) {
    const r = getProperty(target, key);
    if (r.found) return r.value === undefined ? null : r.value;
    if (node.optional) return null;
    const keys = Object.keys(target);
    fail(
      ExprCodes.propertyNotFound,
      { expression: source.slice(node.start, node.end), name: key, available: keys.length ? `available properties are '${keys.join(', ')}'` : 'the object has no properties' },
      node,
    );
  }
  if ((target === null || target === undefined) && node.optional) return null;
  fail(
    ExprCodes.invalidSelection,
    { expression: source.slice(node.start, node.end), name: key, type: typeName(target), hint: target === null ? "; use '?.' to select from a value that may be null" : '' },
    node,
  );
}

function compileExpr(e: Expr, source: string): Compiled {
  switch (e.kind) {
    case 'string':
    case 'boolean': {
      const v = e.value;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'number': {
      const v = e.isFloat && typeof e.value === 'number' && Number.isInteger(e.value) ? makeFloatConst(e.value) : e.value;
      return () => v;
    }
    case 'member': {
      const obj = compileExpr(e.object, source);
      const name = e.name;
      return (ctx) => {
        const target = obj(ctx);
        if (isPlainObject(target) && Object.prototype.hasOwnProperty.call(target, name)) {
          const v = target[name];
          return v === undefined ? null : v;
        }
        return selectProperty(source, e, target, name);
      };
    }
    case 'index': {
      const obj = compileExpr(e.object, source);
      const idx = compileExpr(e.index, source);
      return (ctx) => {
        const target = obj(ctx);
        const key = idx(ctx);
        if (Array.isArray(target)) {
          if (numKind(key) !== 'int') {
            fail(ExprCodes.invalidArgument, { expression: source.slice(e.start, e.end), type: typeName(key) }, e.index, 'index');
          }
          const i = toNumber(key);
          if (i < 0 || i >= target.length) {
            if (e.optional) return null;
            fail(ExprCodes.indexOutOfRange, { expression: source.slice(e.start, e.end), index: i, last: target.length - 1 }, e);
          }
          const v = target[i];
          return v === undefined ? null : v;
        }
        if (typeof key !== 'string' && !(isPlainObject(target) && numKind(key))) {
          if ((target === null || target === undefined) && e.optional) return null;
          fail(ExprCodes.invalidSelection, { expression: source.slice(e.start, e.end), type: typeName(target), keyType: typeName(key) }, e, 'index');
        }
        return selectProperty(source, e, target, toText(key));
      };
    }
    case 'call': {
      const def = lookupFunction(e.name);
      if (!def) fail(ExprCodes.unknownFunction, { name: e.name, hint: '' }, { start: e.nameStart, end: e.nameEnd });
      if (e.args.length < def.minArgs || e.args.length > def.maxArgs) {
        fail(ExprCodes.argumentCount, { name: def.name, count: e.args.length, signature: def.signature }, e, 'given');
      }
      const site = new CallSite(e, source, def.name);
      const args = e.args.map((a) => compileExpr(a, source));
      const impl = def.impl;
      if (def.lazy) {
        return (ctx) => impl(args.map((a) => () => a(ctx)), ctx, site);
      }
      switch (args.length) {
        case 0: {
          const none: unknown[] = [];
          return (ctx) => impl(none, ctx, site);
        }
        case 1: {
          const [a0] = args;
          return (ctx) => impl([a0(ctx)], ctx, site);
        }
        case 2: {
          const [a0, a1] = args;
          return (ctx) => impl([a0(ctx), a1(ctx)], ctx, site);
        }
        default:
          return (ctx) => {
            const vals = new Array<unknown>(args.length);
            for (let i = 0; i < args.length; i++) vals[i] = args[i](ctx);
            return impl(vals, ctx, site);
          };
      }
    }
  }
}

function makeFloatConst(n: number): AdfFloat {
  return new AdfFloat(n);
}

/** Compiles a template into a function of the context. */
export function compileTemplate(t: Template, source: string): Compiled {
  switch (t.kind) {
    case 'text': {
      const v = t.value;
      return () => v;
    }
    case 'expression':
      return compileExpr(t.expr, source);
    case 'interpolation': {
      const parts = t.parts.map((p) => (typeof p === 'string' ? p : compileExpr(p, source)));
      return (ctx) => {
        let s = '';
        for (const p of parts) s += typeof p === 'string' ? p : toText(p(ctx));
        return s;
      };
    }
  }
}
