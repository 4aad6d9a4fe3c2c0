/**
 * Expression errors. Every error carries a code (ADF3xxx syntax, ADF4xxx evaluation) and the range of the
 * offending text, as a 0-based offset and length into the JSON string value (the text that starts with '@').
 */

/** Error codes of the expression language (the catalogue's ADF3xxx and ADF4xxx tables). */
import { ExprCodes } from '../codes';
export { ExprCodes };

/** A syntax or evaluation error of an expression, positioned in the JSON string value. */
export class ExpressionError extends Error {
  code: string;
  offset: number;
  length: number;
  constructor(code: string, message: string, offset = 0, length = 0) {
    super(message);
    this.name = 'ExpressionError';
    this.code = code;
    this.offset = offset;
    this.length = length;
  }
}

/** A parse-time diagnostic (never thrown by analysis). */
export interface ExprDiagnostic {
  code: string;
  message: string;
  offset: number;
  length: number;
}
