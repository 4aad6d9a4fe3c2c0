/**
 * Schema validation of resource files with ajv against the generated draft-7 schemas: the area's entry point.
 * validators.ts loads (precompiled) validators, diagnostics.ts maps ajv errors to positioned diagnostics,
 * pointers.ts maps ajv's JSON pointers to document nodes. "Did you mean" suggestions are text/suggest.ts.
 */
export { SCHEMAS, schemaFileOf } from './schemas';
export { schemaHash, schemaValidator, compileSchema, validateResourceSchema } from './validators';
export { errorsToDiagnostics } from './diagnostics';
