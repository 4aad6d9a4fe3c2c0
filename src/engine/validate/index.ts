/**
 * The factory validator: JSON (load diagnostics), schema (ajv against the generated schemas), semantic rules
 * (references, names, dependsOn, nesting, limits, parameters and variables) and expression syntax.
 * Analysis never throws: every problem is a diagnostic with a file and an exact range.
 *
 * Public API of the area, re-exports only (modules of the area import each other directly, never this file).
 */
export { validateResourceSemantics, validateResource, validateFactory, sortDiagnostics, validatePath } from './factory';
export { IncrementalValidator } from './incremental';
export { SemanticCodes, Limits } from './context';
export { resourceNameProblem } from './names';
export { checkFabricConnections } from './fabric';
