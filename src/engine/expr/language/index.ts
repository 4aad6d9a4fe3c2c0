/**
 * Editor support for the expression language, as pure functions over a resource file's text (the VS Code
 * adapter only registers providers and converts offsets to ranges):
 *   completeExpression(text, offset, json?, {globalParameters}?)  completion items
 *   hoverExpression(text, offset, json?, library?)  hover markdown (library: Fabric library variable values)
 *   expressionDiagnostics(text, file?)       positioned syntax / unknown-function diagnostics
 *   signatureAt(text, offset)                the signature of the call around the cursor
 */
export { completeExpression, completeExpressionIn, type ExprCompletion, type CompletionKind, type CompletionOptions } from './completion';
export { hoverExpression, type ExprHover } from './hover';
export { expressionDiagnostics } from './diagnostics';
export { stringAt, valueOffsets, type StringAt } from './jsonString';
export { scopeAt, type ExprScope } from './scope';
export { cursorContext, expressionRegions, type CursorContext } from './cursor';
export { evaluatableAt, type EvaluatableExpression } from './evaluatable';
export { signatureAt, type ExprSignature } from './signature';
