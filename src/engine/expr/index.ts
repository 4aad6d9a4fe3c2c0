/**
 * The ADF expression language: parse, check and evaluate JSON string values such as
 * `@concat('a', pipeline().parameters.x)`, `Hello @{item().name}` and `@@literal`.
 *
 * Public API (used by the local engine, the validator, the CLI and the editor):
 *   evaluateExpression(text, ctx)  one JSON string value
 *   evaluateValue(value, ctx)      deep: strings, {"value", "type": "Expression"} objects, arrays, objects
 *   isExpressionValue(value)       whether a JSON value contains an expression
 *   parseExpression(text)          AST + positioned diagnostics, never throws
 *   ExpressionError                code, message, offset, length (offsets into the string value)
 * Parsed and compiled templates are cached per string, so repeated evaluation costs no parsing.
 */
export type { ExprContext } from './context';
export { ExpressionError, ExprCodes, type ExprDiagnostic } from './errors';
export type { Template, Expr } from './ast';
export { allFunctions, lookupFunction, type FunctionDef } from './functions';
export { parseExpression, evaluateExpression, evaluateToJsonText, evaluateValue, isExpressionValue } from './expression';
export * from './language';
export { roundTripUtc } from './dates/dotnetFormat';
