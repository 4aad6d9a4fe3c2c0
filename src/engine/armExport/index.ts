/** ARM template export (CI/CD): public API. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Factory } from '../model';
import { loadManagedPrivateEndpoints } from '../model';
import { buildArmTemplate, type ArmExport } from './template';
import { loadDefinition } from './definition';
import { buildLinkedTemplates } from './linked';

export { buildArmTemplate, ARM_TYPES, ARM_KINDS, API_VERSION, type ArmExport, type ArmKind, type ArmResourceEntry, type BuildOptions } from './template';
export { DEFAULT_DEFINITION, DEFINITION_FILE, loadDefinition, parseAction, type ParameterDefinition } from './definition';
export { buildLinkedTemplates, generationOrder, ARM_LIMITS, ADF_PART_SIZE, type LinkedTemplates } from './linked';
export { readResolvedTemplate, resolveTemplateObject, parameterFileValues, resourceKey, type ResolvedTemplate, type ResolvedResource, type SecureMarker } from './resolve';
export { compareResolvedTemplates, jsonDifferences, type TemplateDifference } from './compare';
export { evaluateArmValue, evaluateArmExpression, ArmExpressionError } from './expression';
export { encryptedCredentialField, CREDENTIAL_RULE_TYPES } from './credentials';

export const TEMPLATE_FILE = 'ARMTemplateForFactory.json';
export const PARAMETERS_FILE = 'ARMTemplateParametersForFactory.json';
export const LINKED_FOLDER = 'linkedTemplates';
/** ADF's publish settings file in the factory's root folder. */
export const PUBLISH_CONFIG_FILE = 'publish_config.json';

export interface ExportOptions {
  factoryName?: string;
  /** Include global parameters (default: publish_config.json's `includeGlobalParamsTemplate`, else false as in ADF). */
  globalParameters?: boolean;
  /** Write linkedTemplates/ too (default true, as ADF's publish does). */
  linkedTemplates?: boolean;
  /** Resources per linked template (default ADF's 20). */
  partSize?: number;
}

/** `includeGlobalParamsTemplate` of the factory's publish_config.json, when the file says. Errors name the file. */
export async function publishConfigIncludesGlobalParameters(factoryRoot: string): Promise<boolean | undefined> {
  const file = path.join(factoryRoot, PUBLISH_CONFIG_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let v: any;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message}); fix it or remove it.`);
  }
  return typeof v?.includeGlobalParamsTemplate === 'boolean' ? v.includeGlobalParamsTemplate : undefined;
}

/**
 * Exports a factory to `outDir`: the template and the parameters file, parameterised by the
 * factory's arm-template-parameters-definition.json or ADF's default, and linkedTemplates/.
 * Returns what was written.
 */
export async function exportArmTemplate(factory: Factory, outDir: string, opts: ExportOptions = {}): Promise<ArmExport & { files: string[]; definitionFile?: string; parts: string[][] }> {
  const { definition, file } = await loadDefinition(factory.root);
  const includeGlobalParameters = opts.globalParameters ?? (await publishConfigIncludesGlobalParameters(factory.root)) ?? false;
  const privateEndpoints = await loadManagedPrivateEndpoints(factory.root);
  const result = buildArmTemplate(factory, { definition, factoryName: opts.factoryName, includeGlobalParameters, privateEndpoints });
  await fs.mkdir(outDir, { recursive: true });
  const files = [path.join(outDir, TEMPLATE_FILE), path.join(outDir, PARAMETERS_FILE)];
  await fs.writeFile(files[0], JSON.stringify(result.template, null, 4) + '\n', 'utf8');
  await fs.writeFile(files[1], JSON.stringify(result.parameters, null, 4) + '\n', 'utf8');
  let parts: string[][] = [];
  if (opts.linkedTemplates !== false) {
    const linked = buildLinkedTemplates(result, { partSize: opts.partSize });
    const dir = path.join(outDir, LINKED_FOLDER);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(linked.files)) {
      const f = path.join(dir, name);
      await fs.writeFile(f, JSON.stringify(content, null, 4) + '\n', 'utf8');
      files.push(f);
    }
    parts = linked.parts;
  }
  return { ...result, files, definitionFile: file, parts };
}
export { predeploy, postdeploy, readDeploymentTemplate, type PrePostResult, type PrePostOptions, type DeployStep } from './prepost';
