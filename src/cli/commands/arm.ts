/**
 * adfw arm predeploy|postdeploy --template FILE [--parameters FILE] --subscription S --resource-group RG --factory F
 *   [--stop-trigger NAME]... [--dry-run] [--json] [--endpoint URL] [--token-env NAME] [--cloud NAME] [--tenant ID] [--ca FILE]
 * The pre- and post-deployment step of the ARM route (what Microsoft's PrePostDeploymentScript does): predeploy
 * stops the started triggers the template changes or removes; postdeploy deletes what the template no longer holds
 * and starts the template's started triggers. The template may be ARMTemplateForFactory.json or
 * linkedTemplates/ArmTemplate_master.json (its parts are read beside it). Exit 0 when every step succeeded (or a dry
 * run), 1 when a step failed or the template cannot be read, 2 for usage errors.
 */
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { CONNECTION_OPTIONS, connectRemote } from '../remoteSession';

const USAGE = 'adfw arm predeploy|postdeploy --template FILE [--parameters FILE] --subscription S --resource-group RG --factory F [--stop-trigger NAME]... [--dry-run] [--json] [--endpoint URL] [--token-env NAME] [--cloud NAME] [--tenant ID] [--ca FILE]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      template: { type: 'string' },
      parameters: { type: 'string' },
      subscription: { type: 'string' },
      'resource-group': { type: 'string' },
      factory: { type: 'string' },
      'stop-trigger': { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      ...CONNECTION_OPTIONS,
    },
    USAGE,
  );
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  const phase = positionals[0];
  if (positionals.length !== 1 || (phase !== 'predeploy' && phase !== 'postdeploy')) throw new UsageError(`expected predeploy or postdeploy.\nUsage: ${USAGE}`);
  if (!values.template) throw new UsageError(`--template is required.\nUsage: ${USAGE}`);
  for (const k of ['subscription', 'resource-group', 'factory'] as const) if (!values[k]) throw new UsageError(`--${k} is required.\nUsage: ${USAGE}`);
  const templateFile = path.resolve(values.template);
  // ADF's parameters file beside the template is used when none is named, as the script does.
  let parametersFile = values.parameters ? path.resolve(values.parameters) : undefined;
  if (!parametersFile) {
    const beside = path.join(path.dirname(templateFile), /master/i.test(path.basename(templateFile)) ? 'ArmTemplateParameters_master.json' : 'ARMTemplateParametersForFactory.json');
    if (existsSync(beside)) parametersFile = beside;
  }
  const arm = await import('../../engine/armExport');
  let template;
  try {
    template = await arm.readDeploymentTemplate(templateFile, parametersFile);
  } catch (e) {
    io.err(`adfw arm ${phase}: ${(e as Error).message}`);
    return 1;
  }
  const remote = await import('../../engine/remote');
  const connected = await connectRemote(remote, values, io, `adfw arm ${phase}`);
  if ('exitCode' in connected) return connected.exitCode;
  const ref = { subscriptionId: values.subscription!, resourceGroup: values['resource-group']!, factory: values.factory! };
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    const opts = { dryRun: values['dry-run'], stopTriggers: values['stop-trigger'], signal: ac.signal, onProgress: values.json ? undefined : (m: string) => io.err(m) };
    const result = phase === 'predeploy' ? await arm.predeploy(connected.session, ref, template, opts) : await arm.postdeploy(connected.session, ref, template, opts);
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else {
      for (const s of result.steps) if (s.action !== 'keep') io.out(`${s.status.padEnd(9)} ${s.action.padEnd(6)} ${s.kind} ${s.name} (${s.reason})${s.error ? `\n          ${s.error}` : ''}`);
      const acted = result.steps.filter((s) => s.action !== 'keep');
      io.out(`${result.dryRun ? 'dry run: ' : ''}${acted.length} step(s), ${acted.filter((s) => s.status === 'failed').length} failed`);
    }
    return result.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof remote.RemoteError) {
      io.err(`adfw arm ${phase}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSig);
  }
};
export default command;
