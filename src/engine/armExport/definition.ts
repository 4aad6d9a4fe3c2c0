/**
 * The parameterisation definition (`arm-template-parameters-definition.json`): which properties of
 * which resource types become ARM template parameters. Leaves are actions `<op>:<name>:<type>` where
 * op is `=` (parameterise, keep the current value as default), `-` (parameterise, no default) or `|`
 * (secrets: a Key Vault reference gets its secretName parameterised, anything else becomes a
 * secureString without default); name (optional) replaces the generated path-based name; type is
 * string, securestring, int, bool, object, secureobject or array. `*` matches any key; an array
 * holds the rule for each element, optionally followed by the element member that names it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJsonDocument, positionDiagnostic } from '../json';

export type DefinitionNode = string | DefinitionNode[] | { [key: string]: DefinitionNode };
export type ParameterDefinition = Record<string, DefinitionNode>;

export const DEFINITION_FILE = 'arm-template-parameters-definition.json';

const secure = '-::secureString';

/** ADF's default parameterisation, as documented for factories that have no definition file. */
export const DEFAULT_DEFINITION: ParameterDefinition = {
  'Microsoft.DataFactory/factories': {
    properties: { globalParameters: { '*': { value: '=' } }, globalConfigurations: { '*': '=' }, encryption: { '*': '=', identity: { '*': '=' } } },
    location: '=',
  },
  'Microsoft.DataFactory/factories/globalparameters': { properties: { '*': { value: '=' } } },
  'Microsoft.DataFactory/factories/pipelines': {},
  'Microsoft.DataFactory/factories/dataflows': {},
  'Microsoft.DataFactory/factories/integrationRuntimes': {
    properties: {
      typeProperties: {
        ssisProperties: { catalogInfo: { catalogServerEndpoint: '=', catalogAdminUserName: '=', catalogAdminPassword: { value: secure } }, customSetupScriptProperties: { sasToken: { value: secure } } },
        linkedInfo: { key: { value: secure }, resourceId: '=' },
        computeProperties: { dataFlowProperties: { externalComputeInfo: [{ accessToken: secure }] } },
      },
    },
  },
  'Microsoft.DataFactory/factories/triggers': {
    properties: {
      pipelines: [{ parameters: { '*': '=' } }, 'pipelineReference.referenceName'],
      pipeline: { parameters: { '*': '=' } },
      typeProperties: { scope: '=' },
    },
  },
  'Microsoft.DataFactory/factories/linkedServices': {
    '*': {
      properties: {
        typeProperties: Object.fromEntries(
          [
            'accountName', 'username', 'userName', 'accessKeyId', 'servicePrincipalId', 'userId', 'host', 'clientId', 'clusterUserName', 'clusterSshUserName',
            'hostSubscriptionId', 'clusterResourceGroup', 'subscriptionId', 'resourceGroupName', 'tenant', 'dataLakeStoreUri', 'baseUrl', 'database',
            'serviceEndpoint', 'batchUri', 'poolName', 'databaseName', 'systemNumber', 'server', 'url', 'functionAppUrl', 'environmentUrl', 'aadResourceId', 'hostKeyFingerprint',
            // Not in the documented default, but parameterised by ADF's export without a definition file (seen in exported templates).
            'existingClusterId', 'endpoint',
          ]
            .map((k): [string, DefinitionNode] => [k, '='])
            .concat([
              ['sasUri', '|:-sasUri:secureString'],
              ['sasToken', '|'],
              ['connectionString', '|:-connectionString:secureString'],
            ]),
        ),
      },
    },
    Odbc: { properties: { typeProperties: { userName: '=', connectionString: { secretName: '=' } } } },
  },
  'Microsoft.DataFactory/factories/datasets': {
    '*': { properties: { typeProperties: { folderPath: '=', fileName: '=' } } },
  },
  'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints': {
    properties: { '*': '=' },
  },
};

export interface Action {
  op: '=' | '-' | '|';
  /** Custom parameter name, when given: it replaces the property's own name in the generated name. */
  name?: string;
  /** True when the custom name began with '-': the name is then `<resource>_<name>` (the path is left out). */
  short?: boolean;
  type?: string;
}

/** Parses an action string; undefined when it is not one (e.g. an element-naming path). */
export function parseAction(s: string): Action | undefined {
  const m = /^([=\-|])(?::([^:]*))?(?::([A-Za-z]*))?$/.exec(s.trim());
  if (!m) return undefined;
  const name = m[2] ? m[2].replace(/^-/, '') : undefined;
  return { op: m[1] as Action['op'], name: name || undefined, ...(name && m[2]!.startsWith('-') ? { short: true } : {}), type: m[3] ? m[3].toLowerCase() : undefined };
}

/** Reads the factory's definition file; the default when there is none. Errors name the file and position. */
export async function loadDefinition(factoryRoot: string): Promise<{ definition: ParameterDefinition; file?: string }> {
  const file = path.join(factoryRoot, DEFINITION_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { definition: DEFAULT_DEFINITION };
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  const doc = parseJsonDocument(file, text);
  if (doc.diagnostics.length) {
    const d = positionDiagnostic(doc.diagnostics[0], doc.lines);
    throw new Error(`${file}:${d.line}:${d.column}: ${d.message} Fix the parameterisation definition or remove it to use ADF's default.`);
  }
  if (!doc.value || typeof doc.value !== 'object' || Array.isArray(doc.value)) throw new Error(`${file}:1:1: expected an object keyed by resource type (e.g. "Microsoft.DataFactory/factories/linkedServices").`);
  return { definition: doc.value as ParameterDefinition, file };
}
