/**
 * Loading the schema validators: ajv validators precompiled by `npm run gen:schemas` when current, else
 * compiled on first use; cached per kind for the process.
 *
 * ajv because it implements draft 7 completely (if/then, anyOf, $ref), compiles each schema once into a fast
 * validator function, and lets the CLI use the very files VS Code's JSON editor validates with.
 */
import { createHash } from 'node:crypto';
import Ajv, { type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics';
import type { Resource, ResourceKind } from '../model/types';
import { SCHEMAS } from './schemas';
import { errorsToDiagnostics } from './diagnostics';

let ajv: Ajv | undefined;
const compiled = new Map<ResourceKind, ValidateFunction>();

/** The ajv options of the engine; scripts/genSchemas.ts precompiles with the same ones. */
const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, validateSchema: false, unicodeRegExp: false } as const;

/**
 * Validators precompiled by `npm run gen:schemas` (ajv standalone code): loading one takes milliseconds where
 * compiling the large pipeline/dataset/linked service schemas takes seconds. Static requires so bundlers include them.
 */
const PRECOMPILED: Record<ResourceKind, () => unknown> = {
  pipeline: () => require('./generated/pipeline.js'),
  dataset: () => require('./generated/dataset.js'),
  linkedService: () => require('./generated/linkedService.js'),
  trigger: () => require('./generated/trigger.js'),
  dataflow: () => require('./generated/dataflow.js'),
  integrationRuntime: () => require('./generated/integrationRuntime.js'),
  credential: () => require('./generated/credential.js'),
  managedVirtualNetwork: () => require('./generated/managedVirtualNetwork.js'),
  factory: () => require('./generated/factory.js'),
  globalParameters: () => require('./generated/globalParameters.js'),
};

/** A stable hash of a schema's JSON text (the precompiled code records the hash it was built from). */
export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

function precompiled(kind: ResourceKind): ValidateFunction | undefined {
  try {
    const m = PRECOMPILED[kind]() as { default?: ValidateFunction; schemaHash?: string };
    // Stale code (schemas regenerated without it) is ignored: compiling is slower but always right.
    if (typeof m?.default === 'function' && m.schemaHash === schemaHash(SCHEMAS[kind])) return m.default;
  } catch {
    /* not generated: compile */
  }
  return undefined;
}

/** The validator of a kind: precompiled when current, else compiled on first use; cached for the process. */
export function schemaValidator(kind: ResourceKind): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    v = precompiled(kind);
    if (!v) {
      ajv ??= new Ajv(AJV_OPTIONS);
      v = ajv.compile(SCHEMAS[kind]);
    }
    compiled.set(kind, v);
  }
  return v;
}

/** Compiles a kind's schema with ajv, ignoring precompiled code (used to check the two agree). */
export function compileSchema(kind: ResourceKind): ValidateFunction {
  return new Ajv(AJV_OPTIONS).compile(SCHEMAS[kind]);
}

/** Validates one resource against its kind's schema. Never throws. */
export function validateResourceSchema(resource: Resource): Diagnostic[] {
  if (!resource.json) return [];
  const validate = schemaValidator(resource.kind);
  if (validate(resource.json)) return [];
  return errorsToDiagnostics(resource.doc, SCHEMAS[resource.kind], validate.errors ?? []);
}
