/** Static checks after parsing: unknown functions and argument counts (ADF reports these before running). */
import { formatMessage } from '../codes';
import type { Expr, Template } from './ast';
import { ExprCodes, type ExprDiagnostic } from './errors';
import { allFunctions, lookupFunction } from './functions';
import { closestName } from '../text';

function closestFunction(name: string): string | undefined {
  return closestName(name, allFunctions.map((f) => f.name));
}

function checkExpr(e: Expr, out: ExprDiagnostic[]): void {
  switch (e.kind) {
    case 'call': {
      const f = lookupFunction(e.name);
      if (!f) {
        const hint = closestFunction(e.name);
        out.push({
          code: ExprCodes.unknownFunction,
          message: formatMessage(ExprCodes.unknownFunction, { name: e.name, hint: hint ? ` Did you mean '${hint}'?` : '' }),
          offset: e.nameStart,
          length: e.nameEnd - e.nameStart,
        });
      } else if (e.args.length < f.minArgs || e.args.length > f.maxArgs) {
        const expected = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `between ${f.minArgs} and ${f.maxArgs}`;
        out.push({
          code: ExprCodes.argumentCount,
          message: formatMessage(ExprCodes.argumentCount, { name: f.name, expected, plural: expected === '1' ? '' : 's', count: e.args.length, signature: f.signature }),
          offset: e.start,
          length: e.end - e.start,
        });
      }
      for (const a of e.args) checkExpr(a, out);
      return;
    }
    case 'member':
      checkExpr(e.object, out);
      return;
    case 'index':
      checkExpr(e.object, out);
      checkExpr(e.index, out);
      return;
    default:
      return;
  }
}

/** Returns the static diagnostics of a parsed template. */
export function checkTemplate(t: Template): ExprDiagnostic[] {
  const out: ExprDiagnostic[] = [];
  if (t.kind === 'expression') checkExpr(t.expr, out);
  else if (t.kind === 'interpolation') for (const p of t.parts) if (typeof p !== 'string') checkExpr(p, out);
  return out;
}
