/** User-defined functions from data flow libraries (UDFLibrary resources referenced by `udfLibraries`). */
import type { Expr } from './ast';
import type { Factory } from '../model/types';
import { scriptText } from './document';
import { parseDataFlowExpression } from './parser';

export interface UserFunction {
  name: string;
  /** Number of parameters (referenced in the body as i1, i2, ...). */
  arity: number;
  body: Expr;
  library: string;
}

/** Parses `Name(type, ...) as type = body` definitions of a library's script. */
function parseLibrary(library: string, text: string): { functions: UserFunction[]; errors: string[] } {
  const functions: UserFunction[] = [];
  const errors: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = parseDataFlowExpression(line);
    const e = r.expr;
    if (r.errors.length || !e || e.t !== 'assign' || e.target.t !== 'typed' || e.target.expr.t !== 'call' || e.target.expr.callee.t !== 'ident') {
      errors.push(`${library}: cannot read the function definition "${line.trim().slice(0, 60)}"; expected Name(type, ...) as type = expression.`);
      continue;
    }
    functions.push({ name: e.target.expr.callee.name, arity: e.target.expr.args.length, body: e.value, library });
  }
  return { functions, errors };
}

/** The user functions available to a data flow (from its `udfLibraries` references). */
export function userFunctions(factory: Factory | undefined, typeProperties: Record<string, any>): Map<string, UserFunction> {
  const out = new Map<string, UserFunction>();
  if (!factory) return out;
  for (const ref of Array.isArray(typeProperties.udfLibraries) ? typeProperties.udfLibraries : []) {
    const name = ref?.referenceName;
    const lib = typeof name === 'string' ? factory.resources.dataflow.get(name) : undefined;
    if (!lib) continue;
    for (const f of parseLibrary(lib.name, scriptText(lib.properties.typeProperties ?? {}).text).functions) out.set(f.name, f);
  }
  return out;
}
