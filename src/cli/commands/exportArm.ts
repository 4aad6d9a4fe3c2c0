/**
 * adfw export-arm <factoryDir> --out <dir> [--factory-name NAME] [--stage NAME|FILE] [--global-parameters include|exclude] [--no-linked-templates] [--json]
 * --stage applies the stage's configuration to the resources before the template is built.
 * Writes ARMTemplateForFactory.json, ARMTemplateParametersForFactory.json and linkedTemplates/ the way ADF's
 * publish does, parameterised by arm-template-parameters-definition.json in the factory folder when present.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';

const USAGE = 'adfw export-arm <factoryDir> --out <dir> [--factory-name NAME] [--stage NAME|FILE] [--global-parameters include|exclude] [--no-linked-templates] [--json]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, 'factory-name': { type: 'string' }, stage: { type: 'string' }, 'global-parameters': { type: 'string' }, 'no-linked-templates': { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected one factory folder.\nUsage: ${USAGE}`);
  if (!values.out) throw new UsageError(`--out is required.\nUsage: ${USAGE}`);
  const gp = values['global-parameters'];
  if (gp !== undefined && gp !== 'include' && gp !== 'exclude') throw new UsageError(`--global-parameters takes include or exclude, not "${gp}".\nUsage: ${USAGE}`);
  const dir = path.resolve(positionals[0]);
  const { loadFactory, discoverFactories } = await import('../../engine/model');
  if (!(await discoverFactories(dir, 0)).length) {
    io.err(`adfw export-arm: ${dir} is not a factory folder (no pipeline/, dataset/, linkedService/, ... folders).`);
    return 2;
  }
  let factory = await loadFactory(dir);
  if (values.stage) {
    const { prepareFactory } = await import('../factoryOptions');
    const staged = await prepareFactory(factory, { stage: values.stage }, io, 'adfw export-arm');
    if ('exitCode' in staged) return staged.exitCode;
    factory = staged.factory;
  }
  const { exportArmTemplate } = await import('../../engine/armExport');
  try {
    const r = await exportArmTemplate(factory, path.resolve(values.out), { factoryName: values['factory-name'], globalParameters: gp === undefined ? undefined : gp === 'include', linkedTemplates: !values['no-linked-templates'] });
    const resources = (r.template.resources as unknown[]).length;
    const params = Object.keys(r.template.parameters as object).length;
    if (values.json) io.out(JSON.stringify({ files: r.files, resources, parameters: Object.keys(r.template.parameters as object), definition: r.definitionFile ?? 'default', linkedTemplates: r.parts.length, warnings: r.warnings }, null, 2));
    else {
      io.out(`wrote ${r.files.join(', ')}`);
      io.out(`${resources} resource(s), ${params} parameter(s); parameterisation: ${r.definitionFile ?? "ADF's default"}${r.parts.length ? `; ${r.parts.length} linked template(s)` : ''}`);
      for (const w of r.warnings) io.err(`warning: ${w}`);
    }
    return 0;
  } catch (e) {
    io.err(`adfw export-arm: ${(e as Error).message}`);
    return 1;
  }
};
export default command;
