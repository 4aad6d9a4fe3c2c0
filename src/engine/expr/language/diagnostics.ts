/**
 * Expression diagnostics of a resource file: syntax errors, unknown functions and wrong argument counts of
 * every expression string, positioned on the exact file characters (JSON escapes accounted for).
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Diagnostic } from '../../diagnostics';
import { isExpressionText } from '../parser';
import { parseExpression } from '../expression';
import { valueOffsets } from './jsonString';

/** Returns the expression diagnostics of `text` (never throws). Data flow files have none (another language). */
export function expressionDiagnostics(text: string, file = ''): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return out;
  // Data flows are written in the data flow expression language, not this one.
  const type = findNodeAtLocation(root, ['properties', 'type'])?.value;
  if (typeof type === 'string' && /^(MappingDataFlow|Flowlet|WranglingDataFlow)$/.test(type)) return out;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string') {
      const isKey = n.parent?.type === 'property' && n.parent.children?.[0] === n;
      if (isKey || typeof n.value !== 'string' || !isExpressionText(n.value)) continue;
      const { diagnostics } = parseExpression(n.value);
      if (!diagnostics.length) continue;
      const map = valueOffsets(text, n.offset, n.length);
      const at = (v: number) => map[Math.max(0, Math.min(v, map.length - 1))];
      for (const d of diagnostics) {
        const s = at(d.offset);
        const e = at(d.offset + Math.max(1, d.length));
        out.push({ file, offset: s, length: Math.max(1, e - s), severity: 'error', code: d.code, source: 'expression', message: d.message });
      }
    } else if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}
