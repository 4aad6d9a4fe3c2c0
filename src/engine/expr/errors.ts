/**
 * Expression errors. Every error carries a code (ADF3xxx syntax, ADF4xxx evaluation) and the range of the
 * offending text, as a 0-based offset and length into the JSON string value (the text that starts with '@').
 */

/** Error codes of the expression language. */
export const ExprCodes = {
  unexpectedCharacter: 'ADF3001',
  unterminatedString: 'ADF3002',
  unexpectedToken: 'ADF3003',
  unknownFunction: 'ADF3004',
  argumentCount: 'ADF3005',
  unterminatedInterpolation: 'ADF3006',
  emptyExpression: 'ADF3007',
  bareIdentifier: 'ADF3008',
  invalidArgument: 'ADF4001',
  propertyNotFound: 'ADF4002',
  indexOutOfRange: 'ADF4003',
  invalidSelection: 'ADF4004',
  unknownReference: 'ADF4005',
  divideByZero: 'ADF4006',
  invalidDate: 'ADF4007',
  invalidTimeZone: 'ADF4008',
  itemOutsideForEach: 'ADF4009',
  conversionFailed: 'ADF4010',
  xmlError: 'ADF4011',
  outOfRange: 'ADF4012',
} as const;

export type ExprCode = (typeof ExprCodes)[keyof typeof ExprCodes];

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
