/** ADF3xxx (expression syntax, found before running) and ADF4xxx (expression evaluation, found while running). */
import { defineBand } from './band';

export const EXPRESSION_SYNTAX_BAND = defineBand('ADF3', 'Expression syntax', {
  unexpectedCharacter: { code: 'ADF3001', severity: 'error', message: "Unexpected character '{char}'", doc: 'A character that cannot start a token of the expression language.' },
  unterminatedString: { code: 'ADF3002', severity: 'error', message: 'The string literal is not closed', doc: "A string literal without its closing quote (quotes inside are doubled: 'it''s')." },
  unexpectedToken: { code: 'ADF3003', severity: 'error', message: 'Unexpected {token}', doc: 'A token where the grammar does not allow it (missing comma or parenthesis, stray text).' },
  unknownFunction: { code: 'ADF3004', severity: 'error', message: "The function '{name}' is not a valid template language function{hint}", doc: 'A function ADF does not have (the closest one is suggested).' },
  argumentCount: { code: 'ADF3005', severity: 'error', message: "The function '{name}' expects {expected} arguments, got {count}", doc: 'A function called with the wrong number of arguments.' },
  unterminatedInterpolation: { code: 'ADF3006', severity: 'error', message: "The interpolation '@{' is not closed", doc: 'An @{…} interpolation without its closing brace.' },
  emptyExpression: { code: 'ADF3007', severity: 'error', message: 'The expression is empty', doc: 'An "@" or "@{}" with nothing to evaluate.' },
  bareIdentifier: { code: 'ADF3008', severity: 'error', message: "'{name}' is not a function call or literal", doc: 'A bare name where ADF needs a function call (e.g. pipeline without "()").' },
});

export const EXPRESSION_EVALUATION_BAND = defineBand('ADF4', 'Expression evaluation', {
  invalidArgument: { code: 'ADF4001', severity: 'error', message: "The template language function '{name}' {problem}", doc: 'A function argument of the wrong type or value (ADF: InvalidTemplate).' },
  propertyNotFound: { code: 'ADF4002', severity: 'error', message: "The property '{name}' doesn't exist", doc: 'A property read on an object that does not have it (use ?. to allow absence).' },
  indexOutOfRange: { code: 'ADF4003', severity: 'error', message: 'The index {index} is outside the array of {length} items', doc: 'An array index out of range.' },
  invalidSelection: { code: 'ADF4004', severity: 'error', message: 'Cannot select {what} on {value}', doc: 'A property or index applied to a value that has none (null, number, string).' },
  unknownReference: { code: 'ADF4005', severity: 'error', message: "The {kind} '{name}' is not available here", doc: 'activity(), variables(), parameters… naming something the run does not have.' },
  divideByZero: { code: 'ADF4006', severity: 'error', message: 'Attempted to divide by zero', doc: 'div() or mod() by zero.' },
  invalidDate: { code: 'ADF4007', severity: 'error', message: "The date '{value}' or format '{format}' is not valid", doc: 'A timestamp or .NET date format that does not parse.' },
  invalidTimeZone: { code: 'ADF4008', severity: 'error', message: "The time zone '{name}' is not a valid Windows time zone name{hint}", doc: 'A time zone that is not a Windows time zone name.' },
  itemOutsideForEach: { code: 'ADF4009', severity: 'error', message: 'item() is only available inside a ForEach', doc: 'item() outside a ForEach iteration.' },
  conversionFailed: { code: 'ADF4010', severity: 'error', message: "Cannot convert '{value}' to {type}", doc: 'int(), float(), bool(), json()… on a value that does not convert.' },
  xmlError: { code: 'ADF4011', severity: 'error', message: 'XML or XPath error: {reason}', doc: 'xml() or xpath() on invalid XML or XPath.' },
  outOfRange: { code: 'ADF4012', severity: 'error', message: '{value} is out of range: {reason}', doc: 'A number or date beyond what ADF can represent (64-bit integers, year 1..9999).' },
  internal: { code: 'ADF4999', severity: 'error', message: 'Internal error while evaluating the expression: {reason}', doc: 'The evaluator failed; please report the expression.' },
});
