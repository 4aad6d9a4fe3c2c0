/**
 * adfw drift <factoryDir> --subscription S --resource-group RG --factory F [--stage NAME|FILE]
 *   [--include P]... [--exclude P]... [--rules FILE] [--json] [--diff] [connection options]
 * Reports what differs between the folder (with the stage applied) and the live factory: resources missing
 * there, different there, only there, and triggers in another runtime state.
 * Exit 0 in sync, 1 when anything differs (or the remote failed), 2 usage.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { CONNECTION_OPTIONS, connectRemote } from '../remoteSession';
import { prepareFactory, SELECTION_OPTIONS } from '../factoryOptions';

const USAGE = 'adfw drift <factoryDir> --subscription S --resource-group RG --factory F [--stage NAME|FILE] [--include P]... [--exclude P]... [--rules FILE] [--diff] [--json] [--endpoint URL] [--token-env NAME] [--cloud NAME] [--tenant ID] [--ca FILE]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { subscription: { type: 'string' }, 'resource-group': { type: 'string' }, factory: { type: 'string' }, json: { type: 'boolean' }, diff: { type: 'boolean' }, ...SELECTION_OPTIONS, ...CONNECTION_OPTIONS }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected one factory folder.\nUsage: ${USAGE}`);
  for (const k of ['subscription', 'resource-group', 'factory'] as const) if (!values[k]) throw new UsageError(`--${k} is required.\nUsage: ${USAGE}`);
  if (values['changed-since'] || values['with-dependencies']) throw new UsageError('drift compares everything selected by --include/--exclude/--rules; --changed-since and --with-dependencies apply to publish.');
  const dir = path.resolve(positionals[0]);
  const { loadFactory, discoverFactories } = await import('../../engine/model');
  if (!(await discoverFactories(dir, 0)).length) {
    io.err(`adfw drift: ${dir} is not a factory folder (no pipeline/, dataset/, linkedService/, ... folders).`);
    return 2;
  }
  const prepared = await prepareFactory(await loadFactory(dir), values, io, 'adfw drift');
  if ('exitCode' in prepared) return prepared.exitCode;
  const remote = await import('../../engine/remote');
  const pub = await import('../../engine/publish');
  const connected = await connectRemote(remote, values, io, 'adfw drift');
  if ('exitCode' in connected) return connected.exitCode;
  const ref = { subscriptionId: values.subscription!, resourceGroup: values['resource-group']!, factory: values.factory! };
  try {
    const r = await pub.driftOf(connected.session, ref, prepared.factory, { selection: prepared.selection });
    if (values.json) io.out(JSON.stringify({ ...r, differences: r.differences.map((d) => (values.diff ? d : { ...d, diff: undefined })) }, null, 2));
    else {
      for (const d of r.differences) {
        io.out(`${d.drift.padEnd(12)} ${d.kind} ${d.name}${d.detail ? ` — ${d.detail}` : ''}`);
        if (values.diff && d.diff) io.out(d.diff);
      }
      io.out(r.inSync ? `in sync: ${r.compared} compared, no differences` : `${r.differences.length} difference(s) in ${r.compared} compared`);
    }
    return r.inSync ? 0 : 1;
  } catch (e) {
    if (e instanceof remote.RemoteError || e instanceof pub.PublishError) {
      io.err(`adfw drift: ${e.message}`);
      return 1;
    }
    throw e;
  }
};
export default command;
