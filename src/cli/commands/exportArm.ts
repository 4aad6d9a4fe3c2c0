/**
 * adfw export-arm <factoryDir> --out <dir> [--factory-name NAME] [--stage NAME|FILE] [--json]
 * --stage applies the stage's configuration to the resources before the template is built.
 * Writes ARMTemplateForFactory.json and ARMTemplateParametersForFactory.json the way ADF's publish
 * does, parameterised by arm-template-parameters-definition.json in the factory folder when present.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';

const USAGE = 'adfw export-arm <factoryDir> --out <dir> [--factory-name NAME] [--stage NAME|FILE] [--json]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, 'factory-name': { type: 'string' }, stage: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected one factory folder.\nUsage: ${USAGE}`);
  if (!values.out) throw new UsageError(`--out is required.\nUsage: ${USAGE}`);
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
    const r = await exportArmTemplate(factory, path.resolve(values.out), { factoryName: values['factory-name'] });
    const resources = (r.template.resources as unknown[]).length;
    const params = Object.keys(r.template.parameters as object).length;
    if (values.json) io.out(JSON.stringify({ files: r.files, resources, parameters: Object.keys(r.template.parameters as object), definition: r.definitionFile ?? 'default' }, null, 2));
    else {
      io.out(`wrote ${r.files.join(' and ')}`);
      io.out(`${resources} resource(s), ${params} parameter(s); parameterisation: ${r.definitionFile ?? "ADF's default"}`);
    }
    return 0;
  } catch (e) {
    io.err(`adfw export-arm: ${(e as Error).message}`);
    return 1;
  }
};
export default command;
