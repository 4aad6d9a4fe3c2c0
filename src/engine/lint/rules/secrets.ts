/**
 * Secrets written as literals in linked services and activity inputs. The shapes are the run engine's masking
 * shapes (run/secrets: secret property names; AccountKey/SharedAccessSignature/Password parts of connection
 * strings, SAS `sig`, bearer tokens), so what the engine would hide in a run record is what the linter finds in a
 * definition. Key Vault references and SecureString values are the sanctioned ways and are not reported.
 */
import { pipelineActivities, type Resource } from '../../model';
import { isSecretPropertyName as isSecretKeyName, secretPartsOf } from '../../secrets';
import type { LintRule, RuleContext } from '../types';
import { isExpressionString, isPlaceholder, isSecretReference, literalStrings, ownTypeProperties, type StringLeaf } from './shared';

/** Why a literal string is a secret, or undefined. Never returns the secret itself. */
function secretShape(leaf: StringLeaf, ignore: Set<string>, keyNames: boolean): string | undefined {
  if (ignore.has(leaf.key.toLowerCase())) return undefined;
  const parts = secretPartsOf(leaf.value).filter((p) => !isPlaceholder(p) && !isExpressionString(p));
  if (parts.length) {
    if (/[?&]sig=/i.test(leaf.value)) return 'a SAS signature (sig=)';
    if (/^\s*bearer\s/i.test(leaf.value)) return 'a bearer token';
    const part = leaf.value.split(';').map((s) => s.slice(0, s.indexOf('=')).trim()).find((k) => k && parts.some((p) => leaf.value.includes(`${k}=${p}`)));
    return part ? `the connection string part ${part}=` : 'a secret part';
  }
  // Connection strings and SAS URIs are secret only through their parts (checked above): ADF keeps the key apart.
  if (CARRIER_KEY.test(leaf.key) || !keyNames) return undefined;
  if (isSecretKeyName(leaf.key) && !isPlaceholder(leaf.value)) return `the secret property '${leaf.key}'`;
  return undefined;
}

/** Properties that carry secrets only inside their value (connection strings, SAS URIs). */
const CARRIER_KEY = /^(connectionstring|sasuri|url|uri)$/i;
/** In activity inputs, secret property names count only inside these objects (elsewhere they are data, e.g. a Set Variable value). */
const ACTIVITY_SECRET_SCOPES = new Set(['authentication', 'headers', 'linkedServiceName', 'additionalHeaders']);

function check(ctx: RuleContext, resource: Resource, value: unknown, base: (string | number)[], owner: string, activity?: string) {
  const ignore = new Set(((ctx.options.ignoreProperties as string[]) ?? []).map((s) => s.toLowerCase()));
  for (const leaf of literalStrings(value, base, isSecretReference)) {
    const keyNames = !activity || leaf.path.slice(base.length).some((k) => typeof k === 'string' && ACTIVITY_SECRET_SCOPES.has(k));
    const shape = secretShape(leaf, ignore, keyNames);
    if (!shape) continue;
    const where = leaf.path.slice(base.length - 1).join('.');
    ctx.report({
      resource,
      path: leaf.path,
      activity,
      message: `${owner} holds ${shape} as a literal in ${where}: anyone who can read the repository can use it. Reference an Azure Key Vault secret (AzureKeyVaultSecret) or pass it as a SecureString parameter.`,
      data: isSecretKeyName(leaf.key) && !secretPartsOf(leaf.value).length ? { fix: 'literalToParameter', path: leaf.path, name: leaf.key, secure: true, scope: activity ? 'pipeline' : 'linkedService' } : undefined,
    });
  }
}

export const secretLiteral: LintRule = {
  meta: {
    id: 'secret-literal',
    defaultSeverity: 'error',
    summary: 'Secrets written as literals in linked services and activity inputs.',
    rationale:
      'Factory definitions live in git and in ARM templates: a literal password, account key, SAS signature or token there is readable by everyone with access to the repository and every deployment, and cannot be rotated without a commit.',
    docs: 'Keep the secret in Azure Key Vault and reference it ({"type": "AzureKeyVaultSecret", "store": {...}, "secretName": "..."}), or pass it as a SecureString parameter; the quick fix turns a literal secret property into a SecureString parameter.',
    defaultOptions: { ignoreProperties: ['encryptedCredential', 'servicePrincipalCredentialType', 'credential', 'authenticationType', 'tokenEndpoint', 'partitionKey'] },
    fixable: true,
  },
  check(ctx) {
    for (const ls of ctx.factory.resources.linkedService.values()) {
      if (ls.derived) continue;
      check(ctx, ls, ls.properties.typeProperties, ['properties', 'typeProperties'], `Linked service '${ls.name}'`);
    }
    for (const p of ctx.factory.resources.pipeline.values()) {
      for (const a of pipelineActivities(p)) check(ctx, p, ownTypeProperties(a.json), [...a.path, 'typeProperties'], `Activity '${a.name}' of pipeline '${p.name}'`, a.name);
    }
  },
};
