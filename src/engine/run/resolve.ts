/**
 * Resolution of dataset and linked service references for connectors: parameters (dataset()/linkedService()),
 * connection overrides, Key Vault secret references, and collection of every secret for masking.
 */
import { formatMessage } from '../codes';
import { ActivityFailure, type ResolvedDataset, type ResolvedLinkedService } from '../contracts';
import type { Factory } from '../model/types';
import { findResource, integrationRuntimeOf } from '../model';
import type { ExprContext, SharedRun } from './context';
import { evaluateIn } from './expression';
import { RunErrorCodes } from './errors';
import { FabricCodes } from '../codes';

export interface Reference {
  referenceName: string;
  parameters?: Record<string, unknown>;
  /** A dataset written inline where it is used (a data flow source or sink with an inline dataset): its properties. */
  inline?: Record<string, any>;
}

function paramValues(declared: unknown, given: Record<string, unknown> | undefined, what: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const decl = declared && typeof declared === 'object' ? (declared as Record<string, { defaultValue?: unknown }>) : {};
  for (const [k, spec] of Object.entries(decl)) if (spec && spec.defaultValue !== undefined) out[k] = spec.defaultValue;
  for (const [k, v] of Object.entries(given ?? {})) {
    if (!(k in decl)) throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { what, name: k, declared: Object.keys(decl).join(', ') || 'none' }, 'unknownParameter'), RunErrorCodes.referenceNotFound);
    out[k] = v;
  }
  for (const k of Object.keys(decl)) if (!(k in out)) throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { what, name: k }, 'parameterValue'), RunErrorCodes.referenceNotFound);
  return out;
}

/** Resolves a linked service: parameters, expressions, overrides, Key Vault references; collects its secrets. */
/** What resolution reads of a run: the factory, the connection overrides and the secret masker. */
type ResolveScope = Pick<SharedRun, 'factory' | 'connections' | 'masker'>;

export function resolveLinkedService(shared: ResolveScope, ref: Reference, seen: string[] = []): ResolvedLinkedService {
  const factory = shared.factory;
  const res = findResource(factory, 'linkedService', ref.referenceName);
  if (!res) throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { name: ref.referenceName, factory: factory.name }, 'linkedService'), RunErrorCodes.referenceNotFound);
  if (seen.includes(res.name)) throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { cycle: [...seen, res.name].join(' -> ') }, 'linkedServiceCycle'), RunErrorCodes.referenceNotFound);
  const props = res.properties;
  const params = paramValues(props.parameters, ref.parameters, `Linked service '${res.name}'`);
  let tp = evaluateIn(props.typeProperties ?? {}, { linkedService: params }) as Record<string, any>;
  const overrides = shared.connections[res.name] ?? shared.connections[Object.keys(shared.connections).find((k) => k.toLowerCase() === res.name.toLowerCase()) ?? ''];
  // A Fabric connection (by id) has no linked service of its own: its connections entry may say which local
  // connector type stands for it ({"type": "FileServer", "host": ...}); otherwise the dataset location decides.
  let type = String(props.type ?? '');
  if (!overrides && res.derived?.from === 'connection') {
    throw new ActivityFailure(
      `Fabric connection '${res.name}' has no local settings: map it in the connections file, e.g. {"${res.name}": {"type": "FileServer", "host": "<local folder>"}} (or AzureBlobStorage with a connectionString to azurite).`,
      FabricCodes.unmappedConnection,
    );
  }
  if (overrides) {
    const { secrets: _kvSecrets, ...rest } = overrides as Record<string, unknown>;
    if (res.derived?.from === 'connection' && typeof rest.type === 'string') {
      type = rest.type;
      delete rest.type;
    }
    tp = { ...tp, ...rest };
  }
  const secrets = new Set<string>();
  tp = resolveSecrets(shared, tp, secrets, [...seen, res.name]) as Record<string, any>;
  const masker = shared.masker;
  masker.addByKeyNames(tp);
  for (const s of secrets) masker.addSecret(s);
  if (overrides) masker.addByKeyNames(overrides);
  collectByKeyNames(tp, secrets);
  return { name: res.name, type, typeProperties: tp, secrets: [...secrets], integrationRuntime: integrationRuntimeOf(factory, props.connectVia) };
}

/** Replaces SecureString wrappers and AzureKeyVaultSecret references by their values, remembering them as secrets. */
function resolveSecrets(shared: ResolveScope, v: unknown, secrets: Set<string>, seen: string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveSecrets(shared, x, secrets, seen));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, any>;
  if (o.type === 'SecureString' && typeof o.value === 'string') {
    secrets.add(o.value);
    return o.value;
  }
  if (o.type === 'AzureKeyVaultSecret') {
    const kv = o.store?.referenceName;
    const secretName = typeof o.secretName === 'string' ? o.secretName : JSON.stringify(o.secretName);
    if (typeof kv !== 'string') throw new ActivityFailure(formatMessage(RunErrorCodes.keyVaultSecret, {}, 'noStore'), RunErrorCodes.keyVaultSecret);
    const kvRes = findResource(shared.factory, 'linkedService', kv);
    if (!kvRes) throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { name: kv, secret: secretName }, 'keyVault'), RunErrorCodes.referenceNotFound);
    const over = shared.connections[kvRes.name] as Record<string, any> | undefined;
    const value = over?.secrets?.[secretName] ?? over?.[secretName];
    if (typeof value !== 'string') {
      throw new ActivityFailure(
        formatMessage(RunErrorCodes.keyVaultSecret, { secret: secretName, linkedService: kvRes.name }),
        RunErrorCodes.keyVaultSecret,
      );
    }
    secrets.add(value);
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = resolveSecrets(shared, x, secrets, seen);
  return out;
}

const SECRET_KEY = /(password|secret|accountkey|accesskey|connectionstring|sastoken|sasuri|servicePrincipalKey|token|credential|^key$|encryptedcredential)/i;
function collectByKeyNames(v: unknown, out: Set<string>, depth = 0): void {
  if (!v || typeof v !== 'object' || depth > 32) return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string' && SECRET_KEY.test(k) && x.length >= 4) out.add(x);
    else collectByKeyNames(x, out, depth + 1);
  }
}

/** Resolves a dataset reference whose parameters are already evaluated in the caller's context. */
/**
 * Resolves a dataset reference. `activityScope` evaluates in the calling activity's scope: Fabric's inline
 * `datasetSettings` (derived datasets) are part of the activity, so their expressions see pipeline(), item(),
 * variables() and activity outputs, as they do in Fabric.
 */
export function resolveDataset(shared: ResolveScope, ref: Reference, activityScope?: (value: unknown, extra: Partial<ExprContext>) => unknown): ResolvedDataset {
  const factory: Factory = shared.factory;
  if (!ref || typeof ref.referenceName !== 'string') throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, {}, 'datasetName'), RunErrorCodes.referenceNotFound);
  const res = ref.inline ? { name: ref.referenceName, properties: ref.inline, derived: undefined } : findResource(factory, 'dataset', ref.referenceName);
  if (!res) throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { name: ref.referenceName, factory: factory.name }), RunErrorCodes.referenceNotFound);
  const props = res.properties;
  const params = paramValues(props.parameters, ref.parameters, `Dataset '${res.name}'`);
  const ctx: ExprContext = { dataset: params };
  const inActivity = res.derived?.from === 'datasetSettings' && activityScope;
  const evaluate = (v: unknown) => (inActivity ? activityScope(v, ctx) : evaluateIn(v, ctx));
  const typeProperties = evaluate(props.typeProperties ?? {}) as Record<string, any>;
  const lsRef = props.linkedServiceName as Reference | undefined;
  if (!lsRef?.referenceName) throw new ActivityFailure(res.derived ? `The datasetSettings of '${res.derived.pipeline}' at ${res.derived.path.join('.')} name no connection: add "externalReferences": {"connection": "<connection id>"} (or an inline linkedService).` : formatMessage(RunErrorCodes.referenceNotFound, { name: res.name }, 'datasetLinkedService'), RunErrorCodes.referenceNotFound);
  const lsParams = evaluate(lsRef.parameters ?? {}) as Record<string, unknown>;
  const linkedService = resolveLinkedService(shared, { referenceName: lsRef.referenceName, parameters: lsParams });
  return { name: res.name, type: String(props.type ?? ''), typeProperties, schema: props.schema, structure: props.structure, parameters: params, linkedService };
}
