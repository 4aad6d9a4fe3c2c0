/** Signature help: the function call around the cursor and the index of the argument being typed. */
import { parseTree } from 'jsonc-parser';
import { lookupFunction } from '../functions';
import { expressionRegions } from './cursor';
import { stringAt } from './jsonString';
import { Scanner } from '../scanner';

export interface ExprSignature {
  name: string;
  signature: string;
  documentation: string;
  activeParameter: number;
}

/** The innermost call whose argument list contains the cursor, or undefined. */
export function signatureAt(text: string, offset: number): ExprSignature | undefined {
  const at = stringAt(text, offset, parseTree(text, [], { allowTrailingComma: true }));
  if (!at || at.isKey) return undefined;
  const pos = at.toValue(offset);
  const region = expressionRegions(at.value).find((r) => pos >= r.start && pos <= r.end);
  if (!region) return undefined;
  const stack: { name: string; arg: number }[] = [];
  let prevIdent: string | undefined;
  const s = new Scanner(at.value, region.start);
  for (let t = s.next(); t.kind !== 'eof' && t.start < pos; t = s.next()) {
    if (t.kind === 'lparen') stack.push({ name: prevIdent ?? '', arg: 0 });
    else if (t.kind === 'rparen') stack.pop();
    else if (t.kind === 'comma' && stack.length) stack[stack.length - 1].arg++;
    prevIdent = t.kind === 'identifier' ? t.text : undefined;
    if (t.end > pos) break;
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = lookupFunction(stack[i].name);
    if (f) return { name: f.name, signature: f.signature, documentation: f.doc, activeParameter: stack[i].arg };
  }
  return undefined;
}
