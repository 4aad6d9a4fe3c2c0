/**
 * adfw publish <factoryDir> --subscription S --resource-group RG --factory F [--dry-run] [--delete-orphans] [--json]
 *   [--endpoint URL] [--token-env NAME] [--cloud NAME] [--tenant ID] [--ca FILE] [--diff]
 *   [--stage NAME|FILE] [--include PATTERN]... [--exclude PATTERN]... [--rules FILE] [--changed-since REF]
 *   [--with-dependencies] [--incremental] [--triggers keep|stop-all|start-from-source]
 * --stage applies the stage's configuration before planning; the selection options deploy a subset and say, per
 * resource, why it is in or out; --incremental compares against the deployment state kept in the target.
 * --create-factory creates the factory when it does not exist (always on for a loopback endpoint, the
 * emulator, which starts empty); without it a missing factory is an error, as in ADF's own publish.
 * Compares the local factory with the remote one (normalised JSON), prints the changes and deploys
 * them in dependency order. Exit 0 when everything succeeded (or a dry run), 1 when a resource
 * failed or the remote refused, 2 for usage errors.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { CONNECTION_OPTIONS, connectRemote } from '../remoteSession';
import { prepareFactory, SELECTION_OPTIONS } from '../factoryOptions';

const USAGE = 'adfw publish <factoryDir> --subscription S --resource-group RG --factory F [--dry-run] [--delete-orphans] [--create-factory [--location L]] [--diff] [--json] [--stage NAME|FILE] [--include type.name@folder]... [--exclude type.name@folder]... [--rules FILE] [--changed-since REF] [--with-dependencies] [--incremental] [--triggers keep|stop-all|start-from-source] [--endpoint URL] [--token-env NAME] [--cloud NAME] [--tenant ID] [--ca FILE]';
const TRIGGER_MODES = ['keep', 'stop-all', 'start-from-source'] as const;

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      subscription: { type: 'string' },
      'resource-group': { type: 'string' },
      factory: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'delete-orphans': { type: 'boolean' },
      'create-factory': { type: 'boolean' },
      location: { type: 'string' },
      diff: { type: 'boolean' },
      json: { type: 'boolean' },
      ...SELECTION_OPTIONS,
      incremental: { type: 'boolean' },
      triggers: { type: 'string' },
      ...CONNECTION_OPTIONS,
    },
    USAGE,
  );
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected one factory folder.\nUsage: ${USAGE}`);
  for (const k of ['subscription', 'resource-group', 'factory'] as const) if (!values[k]) throw new UsageError(`--${k} is required.\nUsage: ${USAGE}`);
  if (values.triggers !== undefined && !(TRIGGER_MODES as readonly string[]).includes(values.triggers)) throw new UsageError(`--triggers must be one of ${TRIGGER_MODES.join(', ')}, got "${values.triggers}".`);
  if (values['with-dependencies'] && !values.include?.length && !values.exclude?.length && !values.rules && !values['changed-since']) throw new UsageError('--with-dependencies adds to a selection: give --include, --exclude, --rules or --changed-since too.');
  const dir = path.resolve(positionals[0]);
  const { loadFactory, discoverFactories } = await import('../../engine/model');
  const found = await discoverFactories(dir, 0);
  if (!found.length) {
    io.err(`adfw publish: ${dir} is not a factory folder (no pipeline/, dataset/, linkedService/, ... folders).`);
    return 2;
  }
  const pub = await import('../../engine/publish');
  const prepared = await prepareFactory(await loadFactory(dir), values, io, 'adfw publish');
  if ('exitCode' in prepared) return prepared.exitCode;
  const { factory, selection } = prepared;
  const remote = await import('../../engine/remote');
  const connected = await connectRemote(remote, values, io, 'adfw publish');
  if ('exitCode' in connected) return connected.exitCode;
  const { session } = connected;
  const ref = { subscriptionId: values.subscription!, resourceGroup: values['resource-group']!, factory: values.factory! };
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    // The emulator starts empty, so against a loopback endpoint a missing factory is created too.
    const loopback = remote.isLoopbackUrl(new URL(session.cloud.endpoint));
    const result = await pub.publishFactory(session, ref, factory, {
      createFactory: values['create-factory'] || loopback,
      location: values.location,
      dryRun: values['dry-run'],
      deleteOrphans: values['delete-orphans'],
      selection,
      incremental: values.incremental,
      triggers: values.triggers as (typeof TRIGGER_MODES)[number] | undefined,
      signal: ac.signal,
      onProgress: values.json ? undefined : (m) => io.err(m),
    });
    if (values.json) {
      const changes = result.changes.map((c) => (values.diff ? c : { ...c, diff: undefined }));
      io.out(JSON.stringify({ ...result, changes }, null, 2));
    } else {
      const filtering = !!selection;
      if (result.incremental) io.out(result.incremental.used ? `incremental: ${result.incremental.skipped} resource(s) unchanged since the ${result.incremental.reason}, not read` : `incremental: ${result.incremental.reason}`);
      for (const c of result.changes) {
        if (c.note) io.out(`note      ${c.kind} ${c.name}: ${c.note}`);
        if (c.status === 'unchanged' && !filtering) continue;
        const why = filtering && c.reason ? ` — ${c.reason}` : '';
        io.out(`${c.status.padEnd(9)} ${c.action.padEnd(9)} ${c.kind} ${c.name}${c.status === 'kept' ? ' (remote only; --delete-orphans removes it)' : ''}${why}${c.error ? `\n          ${c.error}` : ''}`);
        if (values.diff && c.diff && c.status !== 'excluded') io.out(c.diff);
      }
      const s = result.summary;
      const verb = (n: number, planned: string, done: string) => `${n} ${result.dryRun ? planned : done}`;
      const parts = [verb(s.create, 'to create', 'created'), verb(s.update, 'to update', 'updated'), verb(s.delete, 'to delete', 'deleted'), `${s.unchanged} unchanged`, `${s.kept} remote-only kept`, verb(s.start, 'trigger start(s)', 'trigger(s) started'), verb(s.stop, 'trigger stop(s)', 'trigger(s) stopped')];
      if (s.failed) parts.push(`${s.failed} FAILED`);
      if (s.skipped) parts.push(`${s.skipped} skipped`);
      if (s.excluded) parts.push(`${s.excluded} excluded`);
      if (result.stateWritten) parts.push('deployment state saved');
      io.out(`${result.dryRun ? 'dry run: ' : ''}${parts.join(', ')}`);
    }
    return result.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof pub.PublishError) {
      io.err(`adfw publish: ${e.message}`);
      for (const p of e.problems) io.err(`  ${p.file}: ${p.message}`);
      return 1;
    }
    if (e instanceof remote.RemoteError) {
      io.err(`adfw publish: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSig);
  }
};
export default command;
