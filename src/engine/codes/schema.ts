/** ADF1xxx: the JSON Schemas generated from the Data Factory REST specification (one code per schema keyword). */
import { defineBand } from './band';

export const SCHEMA_BAND = defineBand('ADF1', 'Schema', {
  other: { code: 'ADF1000', severity: 'error', message: 'Schema: {reason}.', doc: 'Any other schema rule of the specification.' },
  required: { code: 'ADF1001', severity: 'error', message: 'Missing required property "{property}".', doc: 'A property the specification requires is missing.' },
  type: { code: 'ADF1002', severity: 'error', message: 'Expected {kinds}, got {value}.', variants: { expressionObject: 'An expression object needs "value" (a string starting with "@") and "type": "Expression", got {value}.' }, doc: 'A value of the wrong JSON type (expressions are accepted wherever ADF accepts them).' },
  enumValue: { code: 'ADF1003', severity: 'error', message: 'Expected one of {values}, got {value}.', variants: { const: 'Expected {expected}, got {value}.' }, doc: 'A value outside the set the specification allows (enum or fixed value).' },
  additionalProperty: { code: 'ADF1004', severity: 'warning', message: 'Property "{property}" is not defined by the Data Factory specification here{hint}', doc: 'A property the specification does not define at this place (often a typo: the closest name is suggested).' },
  limit: { code: 'ADF1005', severity: 'warning', message: 'The value {value} is {limit} allowed by Data Factory.', variants: { tooLong: 'Too long: at most {limit} characters.', tooShort: 'Too short: at least {limit} character{plural}.', other: 'Schema: {reason}.' }, doc: 'A range or length limit of the specification (minimum, maximum, minItems…); reported as a warning because ADF does not enforce all of them.' },
  pattern: { code: 'ADF1006', severity: 'error', message: 'The value {value} does not have the expected format ({pattern}).', doc: 'A string that does not match the pattern of the specification.' },
  internal: { code: 'ADF1999', severity: 'error', message: 'Internal schema validator error on this file: {reason}.', doc: 'The schema validator failed on this file; please report it with the file.' },
});

/** The schema code of an ajv keyword. */
export function schemaCodeOf(keyword: string): string {
  const c = SCHEMA_BAND.codes;
  switch (keyword) {
    case 'required': return c.required;
    case 'type':
    case 'anyOf': return c.type;
    case 'enum':
    case 'const': return c.enumValue;
    case 'additionalProperties': return c.additionalProperty;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
    case 'maxLength':
    case 'minLength':
    case 'maxItems':
    case 'minItems': return c.limit;
    case 'pattern': return c.pattern;
    default: return c.other;
  }
}
