/**
 * adfw watch <factoryDir> [--blob-connection-string S] [--container NAME]... [--folder container=dir]...
 *   [--interval ms] [--connections f.json] [--store DIR | --no-store] [--max-runs N] [--json]
 * Runs the factory's BlobEventsTriggers locally: polls blob containers on azurite (connection string from the
 * flag or AZURE_STORAGE_CONNECTION_STRING; containers from the triggers' blobPathBeginsWith plus --container)
 * and/or local folders standing in for containers, and starts the matching pipelines with triggerBody() filled.
 * Stops on Ctrl+C, or after --max-runs pipeline runs. Exit codes: 0 stopped with every run Succeeded,
 * 1 a run failed, 2 usage.
 */
import { parse, printedHelp, keyValues, UsageError, type Command } from '../args';
import { checkStoreFlags, connectionsOption, requireFactoryDir, runStoreOption } from '../shared';
import { loadFactory } from '../../engine/model';
import { BlobEventWatcher, blobContainerSource, blobTriggers, folderSource, watchedContainers, type BlobSource } from '../../engine/triggers';

const USAGE =
  'adfw watch <factoryDir> [--blob-connection-string S] [--container NAME]... [--folder container=dir]... [--interval ms] [--connections f.json] [--store DIR | --no-store] [--max-runs N] [--json]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      'blob-connection-string': { type: 'string' },
      container: { type: 'string', multiple: true },
      folder: { type: 'string', multiple: true },
      interval: { type: 'string' },
      connections: { type: 'string' },
      store: { type: 'string' },
      'no-store': { type: 'boolean' },
      'max-runs': { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected <factoryDir>.\nUsage: ${USAGE}`);
  const dir = positionals[0];
  await requireFactoryDir(dir);
  const interval = values.interval === undefined ? 1000 : Number(values.interval);
  if (!Number.isInteger(interval) || interval < 50) throw new UsageError(`--interval expects milliseconds (at least 50), got "${values.interval}".`);
  const maxRuns = values['max-runs'] === undefined ? undefined : Number(values['max-runs']);
  if (maxRuns !== undefined && (!Number.isInteger(maxRuns) || maxRuns < 1)) throw new UsageError(`--max-runs expects a positive integer, got "${values['max-runs']}".`);
  checkStoreFlags(values);

  const factory = await loadFactory(dir);
  if (!blobTriggers(factory).length) {
    io.err(`adfw watch: the factory at ${dir} has no BlobEventsTrigger.`);
    return 1;
  }
  const sources: BlobSource[] = [];
  for (const [container, folder] of Object.entries(keyValues(values.folder, '--folder'))) sources.push(folderSource(container, folder));
  const conn = values['blob-connection-string'] ?? process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (conn) {
    const containers = new Set([...watchedContainers(factory), ...(values.container ?? [])]);
    for (const s of sources) containers.delete(s.container);
    for (const c of containers) sources.push(await blobContainerSource(conn, c));
  } else if (values.container?.length) throw new UsageError('--container needs --blob-connection-string (or AZURE_STORAGE_CONNECTION_STRING).');
  if (!sources.length) throw new UsageError(`nothing to watch: give --blob-connection-string (azurite) or --folder container=dir.\nUsage: ${USAGE}`);

  const connections = await connectionsOption(values.connections);
  const store = runStoreOption(values, factory.root);
  const emit = (o: Record<string, unknown>, text: string) => io.out(values.json ? JSON.stringify(o) : text);

  let runs = 0;
  let failed = 0;
  let finish: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const watcher = new BlobEventWatcher(factory, {
    sources,
    intervalMs: interval,
    runOptions: { connections, store },
    onEvent: (e, triggers) =>
      emit({ type: 'event', ...e, triggers }, `${e.eventType.replace('Microsoft.Storage.', '')} ${e.container}/${e.blobName}${triggers.length ? ` → ${triggers.join(', ')}` : ' (no trigger matches)'}`),
    onNotice: (n) => {
      for (const r of n.runs) {
        runs++;
        const status = r.result?.pipelineRun.status ?? 'NotStarted';
        if (status !== 'Succeeded') failed++;
        emit(
          { type: 'run', trigger: r.trigger, pipelineName: r.pipelineName, parameters: r.parameters, status, runId: r.result?.pipelineRun.runId, error: r.error },
          `  ${r.trigger} → ${r.pipelineName} ${JSON.stringify(r.parameters)}: ${status}${r.result ? ` (run ${r.result.pipelineRun.runId})` : ''}${r.error ? `: ${r.error.message}` : ''}`,
        );
      }
      if (maxRuns !== undefined && runs >= maxRuns) finish();
    },
    onError: (e) => io.err(`adfw watch: ${e.message}`),
  });
  await watcher.start();
  if (!values.json) io.out(`Watching ${sources.map((s) => `${s.container} (${s.describe})`).join(', ')} every ${interval} ms. Ctrl+C to stop.`);
  const onSigint = () => finish();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  await done;
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigint);
  await watcher.stop();
  if (!values.json) io.out(`Stopped after ${runs} run(s), ${failed} not succeeded.`);
  return failed ? 1 : 0;
};
export default command;
