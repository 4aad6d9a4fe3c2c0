/** ARM template export (CI/CD): public API. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Factory } from '../model';
import { buildArmTemplate, type ArmExport } from './template';
import { loadDefinition } from './definition';

export { buildArmTemplate, ARM_TYPES, type ArmExport } from './template';
export { DEFAULT_DEFINITION, DEFINITION_FILE, loadDefinition, parseAction, type ParameterDefinition } from './definition';

export const TEMPLATE_FILE = 'ARMTemplateForFactory.json';
export const PARAMETERS_FILE = 'ARMTemplateParametersForFactory.json';

/**
 * Exports a factory to `outDir`: the template and the parameters file, parameterised by the
 * factory's arm-template-parameters-definition.json or ADF's default. Returns what was written.
 */
export async function exportArmTemplate(factory: Factory, outDir: string, opts: { factoryName?: string } = {}): Promise<ArmExport & { files: string[]; definitionFile?: string }> {
  const { definition, file } = await loadDefinition(factory.root);
  const result = buildArmTemplate(factory, { definition, factoryName: opts.factoryName });
  await fs.mkdir(outDir, { recursive: true });
  const files = [path.join(outDir, TEMPLATE_FILE), path.join(outDir, PARAMETERS_FILE)];
  await fs.writeFile(files[0], JSON.stringify(result.template, null, 4) + '\n', 'utf8');
  await fs.writeFile(files[1], JSON.stringify(result.parameters, null, 4) + '\n', 'utf8');
  return { ...result, files, definitionFile: file };
}
