/**
 * The expression under a cursor in a resource file, as a debugger evaluates it on hover: inside an `@{…}` part of
 * an interpolated string, that part; elsewhere in a string value that is an expression (`@…`) or holds `@{…}`
 * parts, the whole value. Offsets are file offsets; the expression text is the decoded JSON string.
 */
import { expressionRegions } from './cursor';
import { stringAt } from './jsonString';

export interface EvaluatableExpression {
  /** The text to evaluate: `@…` or a string with `@{…}` parts. */
  expression: string;
  /** File range the value belongs to. */
  offset: number;
  length: number;
}

export function evaluatableAt(text: string, offset: number): EvaluatableExpression | undefined {
  const at = stringAt(text, offset);
  if (!at || at.isKey) return undefined;
  const value = at.value;
  const regions = expressionRegions(value);
  if (!regions.length) return undefined;
  const whole = (): EvaluatableExpression => ({ expression: value, offset: at.toFile(0), length: at.toFile(value.length) - at.toFile(0) });
  // A single expression ('@…', not '@@' nor '@{'): the whole value.
  if (value.startsWith('@') && !value.startsWith('@@') && !value.startsWith('@{')) return whole();
  const v = at.toValue(offset);
  for (const r of regions) {
    // The part from its '@{' to its '}'.
    const start = r.start - 2;
    const end = Math.min(value.length, r.end + 1);
    if (v >= start && v <= end) return { expression: `@${value.slice(r.start, r.end)}`, offset: at.toFile(start), length: at.toFile(end) - at.toFile(start) };
  }
  return whole();
}
