/**
 * adfw runs [list] <factoryDir> [--store DIR] [--pipeline P] [--status S] [--from ISO] [--to ISO] [--limit N] [--json]
 * adfw runs show <factoryDir> <runId> [--store DIR] [--json]
 * Lists and shows the local runs recorded in the run store (<factory>/.adf/runs by default).
 */
import { parse, printedHelp, UsageError, type Command } from '../args';
import { requireFactoryDir } from '../shared';
import { RunStore, defaultStoreDir } from '../../engine/run';
import { summaryTable, formatDuration } from '../../engine/run';
import * as path from 'node:path';

const USAGE = 'adfw runs [list] <factoryDir> [--pipeline P] [--status S] [--from ISO] [--to ISO] [--limit N] [--store DIR] [--json]\n       adfw runs show <factoryDir> <runId> [--store DIR] [--json]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      store: { type: 'string' },
      pipeline: { type: 'string' },
      status: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  let sub = 'list';
  const args = [...positionals];
  if (args[0] === 'list' || args[0] === 'show') sub = args.shift()!;
  const dir = args[0];
  if (!dir) throw new UsageError(`expected <factoryDir>.\nUsage: ${USAGE}`);
  await requireFactoryDir(dir);
  const store = new RunStore(values.store ?? defaultStoreDir(path.resolve(dir)));
  for (const k of ['from', 'to'] as const) if (values[k] !== undefined && Number.isNaN(Date.parse(values[k]!))) throw new UsageError(`--${k} expects an ISO 8601 date-time, got "${values[k]}".`);

  if (sub === 'show') {
    if (args.length !== 2) throw new UsageError(`expected <factoryDir> <runId>.\nUsage: ${USAGE}`);
    const r = await store.get(args[1]);
    if (!r) {
      io.err(`adfw runs: run ${args[1]} is not in the run store (${store.dir}).`);
      return 1;
    }
    io.out(values.json ? JSON.stringify(r, null, 2) : summaryTable(r.pipelineRun, r.activityRuns));
    return 0;
  }
  if (args.length !== 1) throw new UsageError(`expected <factoryDir>.\nUsage: ${USAGE}`);
  let limit = 50;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit)) throw new UsageError(`--limit expects a positive integer, got "${values.limit}".`);
    limit = Number(values.limit);
  }
  const norm = (s?: string) => (s ? new Date(s).toISOString() : undefined);
  const runs = (await store.query({ pipelineName: values.pipeline, status: values.status, from: norm(values.from), to: norm(values.to) })).slice(0, limit);
  if (values.json) {
    io.out(JSON.stringify({ value: runs }, null, 2));
    return 0;
  }
  if (!runs.length) {
    io.out(`No recorded runs in ${store.dir}.`);
    return 0;
  }
  for (const r of runs) io.out(`${r.runStart ?? ''}  ${r.status.padEnd(11)} ${r.pipelineName.padEnd(30)} ${formatDuration(r.durationInMs).padStart(10)}  ${r.runId}${r['adfw:isRerun'] ? '  (rerun)' : ''}${r.invokedBy.invokedByType === 'PipelineActivity' ? `  (child of ${r.invokedBy.pipelineName})` : ''}${r['adfw:interrupted'] ? `  (interrupted, last seen ${r['adfw:interrupted'].lastSeen})` : ''}`);
  return 0;
};
export default command;
