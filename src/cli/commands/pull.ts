/**
 * adfw pull --subscription S [--resource-group RG] --factory F <dir> [--json] [connection options]
 * Writes a live factory into the git layout (the inverse of publish): unchanged files are left as they are,
 * changed ones rewritten in their own format, new ones as ADF's git integration writes them, files of
 * resources no longer in the factory deleted. Without --resource-group the factory is looked up by name in
 * the subscription. Exit 0 success, 1 remote failure, 2 usage.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { CONNECTION_OPTIONS, connectRemote } from '../remoteSession';

const USAGE = 'adfw pull --subscription S [--resource-group RG] --factory F <dir> [--json] [--endpoint URL] [--token-env NAME] [--cloud NAME] [--tenant ID] [--ca FILE]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { subscription: { type: 'string' }, 'resource-group': { type: 'string' }, factory: { type: 'string' }, json: { type: 'boolean' }, ...CONNECTION_OPTIONS }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected one target folder.\nUsage: ${USAGE}`);
  for (const k of ['subscription', 'factory'] as const) if (!values[k]) throw new UsageError(`--${k} is required.\nUsage: ${USAGE}`);
  const remote = await import('../../engine/remote');
  const pub = await import('../../engine/publish');
  const connected = await connectRemote(remote, values, io, 'adfw pull');
  if ('exitCode' in connected) return connected.exitCode;
  const { session } = connected;
  try {
    let rg = values['resource-group'];
    if (!rg) {
      const found = (await remote.listFactories(session, values.subscription!)).filter((f) => f.name.toLowerCase() === values.factory!.toLowerCase());
      if (found.length !== 1) {
        io.err(`adfw pull: ${found.length ? `factory ${values.factory} exists in ${found.length} resource groups (${found.map((f) => f.resourceGroup).join(', ')}); pass --resource-group` : `no factory named ${values.factory} in subscription ${values.subscription}`}.`);
        return 1;
      }
      rg = found[0].resourceGroup;
    }
    const ref = { subscriptionId: values.subscription!, resourceGroup: rg, factory: values.factory! };
    const r = await pub.pullFactory(session, ref, path.resolve(positionals[0]));
    if (values.json) io.out(JSON.stringify(r, null, 2));
    else {
      for (const f of r.written) io.out(`wrote   ${path.relative(process.cwd(), f)}`);
      for (const f of r.deleted) io.out(`deleted ${path.relative(process.cwd(), f)}`);
      io.out(`${r.written.length} written, ${r.deleted.length} deleted, ${r.unchanged} unchanged`);
    }
    return 0;
  } catch (e) {
    if (e instanceof remote.RemoteError) {
      io.err(`adfw pull: ${e.message}`);
      return 1;
    }
    throw e;
  }
};
export default command;
