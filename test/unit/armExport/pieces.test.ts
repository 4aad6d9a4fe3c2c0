/**
 * Pieces of the ARM export: the credential table against the SDK's models (every field it names is a secret member
 * of that connector's model), ARM expressions, and the structural comparison.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as mappers from '@azure/arm-datafactory/dist-esm/src/models/mappers.js';
import { encryptedCredentialField, CREDENTIAL_RULE_TYPES, evaluateArmValue, evaluateArmExpression, ArmExpressionError, compareResolvedTemplates, resolveTemplateObject } from '../../../src/engine/armExport';

/** The SDK model of a linked service type: `<Type>LinkedService` by its discriminator value. */
function modelOf(type: string): Record<string, { serializedName?: string; type?: { name?: string; className?: string } }> | undefined {
  for (const m of Object.values(mappers as Record<string, any>)) {
    if (m?.serializedName === type && m.type?.uberParent === 'LinkedService') return m.type.modelProperties;
  }
  return undefined;
}

/** Connector types newer than the SDK's models (ADF's own exports show their fields: SalesforceV2 → clientSecret in the arm-pairs corpus). */
const NEWER_THAN_SDK = new Set(['PostgreSqlV2', 'SnowflakeV2', 'SalesforceV2', 'SalesforceServiceCloudV2']);

describe('ARM export pieces', () => {
  it('names a secret member of the connector\'s SDK model for every rule that fires', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['AzureBlobFS', { url: 'https://a.dfs.core.windows.net' }],
      ['AzureBlobFS', { url: 'https://a.dfs.core.windows.net', servicePrincipalId: 'x' }],
      ['AzureSqlDatabase', { server: 's', userName: 'u', authenticationType: 'SQL' }],
      ['SqlServer', { connectionString: 'x', userName: 'u' }],
      ['AzurePostgreSql', { server: 's', username: 'u' }],
      ['FileServer', { host: 'h', userId: 'u' }],
      ['Sftp', { host: 'h', userName: 'u', authenticationType: 'Basic' }],
      ['Sftp', { host: 'h', userName: 'u', authenticationType: 'SshPublicKey' }],
      ['AzureDatabricks', { domain: 'd' }],
      ['SalesforceV2', { environmentUrl: 'e', clientId: 'c', authenticationType: 'OAuth2ClientCredential' }],
      ['GoogleCloudStorage', { accessKeyId: 'k' }],
      ['AmazonS3', { accessKeyId: 'k' }],
      ['CosmosDb', { accountEndpoint: 'e', database: 'd' }],
      ['AzureFunction', { functionAppUrl: 'f' }],
    ];
    for (const [type, tp] of cases) {
      const field = encryptedCredentialField(type, tp);
      assert.ok(field, `${type} ${JSON.stringify(tp)}: a field`);
      if (NEWER_THAN_SDK.has(type)) continue;
      const model = modelOf(type);
      assert.ok(model, `${type} is a linked service type of the SDK`);
      const member = Object.values(model!).find((p) => p.serializedName === `typeProperties.${field}`);
      assert.ok(member, `${type}: typeProperties.${field} is a member of the SDK model`);
      assert.ok(/^(SecretBase|SecureString|AzureKeyVaultSecretReference)$|Credential/.test(member!.type?.className ?? '') || member!.type?.name === 'any', `${type}.${field} is a secret (${JSON.stringify(member!.type)})`);
    }
    // Every type the table names exists in the SDK.
    for (const t of CREDENTIAL_RULE_TYPES) if (!NEWER_THAN_SDK.has(t)) assert.ok(modelOf(t), `${t} is a linked service type of the SDK`);
    // The secret sits in a connection string: nothing to add.
    assert.equal(encryptedCredentialField('AzureBlobStorage', { connectionString: 'x' }), undefined);
    assert.equal(encryptedCredentialField('AzureSqlDatabase', { connectionString: 'x' }), undefined);
    assert.equal(encryptedCredentialField('NoSuchConnector', { userName: 'u' }), undefined);
  });

  it('evaluates the ARM expressions exported templates use, and refuses others by name', () => {
    const scope = { parameter: (n: string) => ({ factoryName: 'f1', n: 3 })[n], variable: (n: string) => ({ factoryId: 'Microsoft.DataFactory/factories/f1' })[n] };
    assert.equal(evaluateArmExpression("concat(parameters('factoryName'), '/it''s')", scope), "f1/it's");
    assert.equal(evaluateArmExpression("concat(variables('factoryId'), '/datasets/X')", scope), 'Microsoft.DataFactory/factories/f1/datasets/X');
    assert.equal(evaluateArmExpression("resourceId('Microsoft.Resources/deployments', 'f1_ArmTemplate_0')", scope), 'Microsoft.Resources/deployments/f1_ArmTemplate_0');
    assert.deepEqual(evaluateArmValue({ a: '[[literal]', b: ["[parameters('n')]"] }, scope), { a: '[literal]', b: [3] });
    assert.throws(() => evaluateArmExpression("uniqueString('x')", scope), (e: unknown) => e instanceof ArmExpressionError && /uniqueString/.test((e as Error).message));
    assert.throws(() => evaluateArmExpression("concat('a'", scope), /Expected '\)'/);
  });

  it('compares resolved templates by key, dependsOn as sets, properties structurally', () => {
    const t = (props: unknown, deps: string[], extraParam = false) => ({
      parameters: { factoryName: { type: 'string', defaultValue: 'f' }, ...(extraParam ? { p: { type: 'secureString' } } : {}) },
      variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
      resources: [{ name: "[concat(parameters('factoryName'), '/A')]", type: 'Microsoft.DataFactory/factories/pipelines', apiVersion: '2018-06-01', properties: props, dependsOn: deps }],
    });
    const a = resolveTemplateObject(t({ x: 1, y: [1, 2] }, ["[concat(variables('factoryId'), '/pipelines/B')]", "[concat(variables('factoryId'), '/datasets/C')]"]), {}, 'a');
    const b = resolveTemplateObject(t({ y: [1, 2], x: 1 }, ["[concat(variables('factoryId'), '/datasets/C')]", "[concat(variables('factoryId'), '/pipelines/B')]"]), {}, 'b');
    assert.deepEqual(compareResolvedTemplates({ ...a, files: [] }, { ...b, files: [] }), []);
    const c = resolveTemplateObject(t({ x: 2, y: [2, 1] }, [], true), {}, 'c');
    const diffs = compareResolvedTemplates({ ...a, files: [] }, { ...c, files: [] }).map((d) => `${d.where}: ${d.message}`);
    assert.deepEqual(diffs, [
      'resource pipelines/A: dependsOn lacks datasets/C, pipelines/B',
      'resource pipelines/A: properties.x: expected 1, found 2',
      'resource pipelines/A: properties.y[0]: expected 1, found 2',
      'resource pipelines/A: properties.y[1]: expected 2, found 1',
      'parameter p: not expected',
    ]);
  });
});
