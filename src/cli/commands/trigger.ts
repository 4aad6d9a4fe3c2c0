/**
 * adfw trigger <subcommand>
 *   list     <factoryDir> [--json]                                   triggers, types, next fire time
 *   times    <factoryDir> <triggerName> [--from ISO] [--count N] [--json]
 *            → {"fireTimes": [ISO...]} (schedule) or {"windows": [{"start","end"}]} (tumbling)
 *   fire     <factoryDir> <triggerName> [--at ISO] [--body file.json | --folder-path P --file-name F]
 *            [--connections f.json] [--now ISO] [--seed N] [--store DIR | --no-store] [--json]
 *   backfill <factoryDir> <triggerName> --from ISO --to ISO [--connections f.json] [--store DIR | --no-store] [--json]
 * Exit codes: 0 success (every run Succeeded), 1 a run or window failed / the trigger has problems, 2 usage.
 */
import { promises as fs } from 'node:fs';
import { parse, printedHelp, UsageError, type CliIo, type Command } from '../args';
import { checkStoreFlags, connectionsOption, isoDateTimeOption, requireFactoryDir, runStoreOption, seedOption } from '../shared';
import { loadFactory } from '../../engine/model';
import type { Factory } from '../../engine/model/types';
import { AdfError } from '../../engine/diagnostics';
import { backfill, describeTrigger, fireTrigger, getTrigger, isoUtc, nextFireSummary, readTrigger, upcoming, validateTrigger } from '../../engine/triggers';

const USAGE = [
  'adfw trigger list <factoryDir> [--json]',
  'adfw trigger times <factoryDir> <triggerName> [--from ISO] [--count N] [--json]',
  'adfw trigger fire <factoryDir> <triggerName> [--at ISO] [--body file.json | --folder-path P --file-name F] [--connections f.json] [--now ISO] [--seed N] [--store DIR | --no-store] [--json]',
  'adfw trigger backfill <factoryDir> <triggerName> --from ISO --to ISO [--connections f.json] [--store DIR | --no-store] [--json]',
].join('\n       ');

const OPTIONS = {
  json: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  count: { type: 'string' },
  at: { type: 'string' },
  body: { type: 'string' },
  'folder-path': { type: 'string' },
  'file-name': { type: 'string' },
  connections: { type: 'string' },
  now: { type: 'string' },
  seed: { type: 'string' },
  store: { type: 'string' },
  'no-store': { type: 'boolean' },
} as const;

async function openFactory(dir: string | undefined): Promise<Factory> {
  if (!dir) throw new UsageError(`missing <factoryDir>.\nUsage: ${USAGE}`);
  await requireFactoryDir(dir);
  return loadFactory(dir);
}

function lookup(factory: Factory, name: string | undefined) {
  if (!name) throw new UsageError(`missing <triggerName>.\nUsage: ${USAGE}`);
  try {
    return getTrigger(factory, name);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const command: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    io.out(`Usage: ${USAGE}`);
    return sub ? 0 : 2;
  }
  const { values, positionals } = parse(rest, OPTIONS, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  switch (sub) {
    case 'list':
      return list(await openFactory(positionals[0]), values.json === true, io);
    case 'times':
      return times(await openFactory(positionals[0]), positionals[1], values, io);
    case 'fire':
      return fire(await openFactory(positionals[0]), positionals[1], values, io);
    case 'backfill':
      return runBackfill(await openFactory(positionals[0]), positionals[1], values, io);
    default:
      throw new UsageError(`unknown subcommand "${sub}".\nUsage: ${USAGE}`);
  }
};
export default command;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

async function list(factory: Factory, json: boolean, io: CliIo): Promise<number> {
  const rows = [...factory.resources.trigger.values()].map((r) => {
    const def = readTrigger(r);
    return { name: r.name, type: r.type ?? '', runtimeState: def.runtimeState ?? '', pipelines: def.pipelines.map((p) => p.pipelineName), next: nextFireSummary(def) };
  });
  if (json) io.out(JSON.stringify({ triggers: rows }, null, 2));
  else if (!rows.length) io.out(`No triggers in ${factory.root}.`);
  else for (const r of rows) io.out(`${r.name.padEnd(28)} ${r.type.padEnd(22)} ${(r.runtimeState || '-').padEnd(8)} ${r.next}  → ${r.pipelines.join(', ')}`);
  return 0;
}

async function times(factory: Factory, name: string | undefined, values: Values, io: CliIo): Promise<number> {
  const def = lookup(factory, name);
  let count = 10;
  if (values.count !== undefined) {
    if (!/^\d+$/.test(values.count) || Number(values.count) < 1 || Number(values.count) > 10_000) throw new UsageError(`--count expects an integer from 1 to 10000, got "${values.count}".`);
    count = Number(values.count);
  }
  const from = isoDateTimeOption(values.from, '--from');
  const u = upcoming(def, { from, count });
  if (u.kind === 'error' || u.kind === 'event') {
    const msg = u.kind === 'error' ? `trigger "${def.name}": ${u.message}` : `trigger "${def.name}" is a ${def.type === 'Other' ? def.rawType : def.type}: it fires on events, not on a schedule.`;
    if (values.json) io.out(JSON.stringify({ error: msg }));
    io.err(`adfw trigger times: ${msg}`);
    return 1;
  }
  if (u.kind === 'fireTimes') {
    if (values.json) io.out(JSON.stringify({ fireTimes: u.fireTimes.map((t) => isoUtc(t)) }, null, 2));
    else {
      io.out(describeTrigger(def));
      for (const t of u.fireTimes) io.out(`  ${isoUtc(t)}   ${t.toFormat('ccc yyyy-MM-dd HH:mm:ss ZZZZ')}`);
      if (!u.fireTimes.length) io.out('  (no fire times)');
    }
    return 0;
  }
  const windows = u.windows.map((w) => ({ start: isoUtc(w.start), end: isoUtc(w.end) }));
  if (values.json) io.out(JSON.stringify({ windows }, null, 2));
  else {
    io.out(describeTrigger(def));
    for (const w of u.windows) io.out(`  [${isoUtc(w.start)}, ${isoUtc(w.end)})   runs at ${isoUtc(w.end + u.delayMs)}`);
    if (!windows.length) io.out('  (no windows)');
  }
  return 0;
}

async function engineOptions(factory: Factory, values: Values): Promise<Record<string, unknown>> {
  checkStoreFlags(values);
  const seed = seedOption(values.seed);
  const connections = await connectionsOption(values.connections);
  return {
    connections,
    now: isoDateTimeOption(values.now, '--now'),
    seed,
    store: runStoreOption(values, factory.root),
  };
}

function reportProblems(factory: Factory, triggerName: string, io: CliIo): boolean {
  const r = factory.resources.trigger.get(getTrigger(factory, triggerName).name);
  const errors = r ? validateTrigger(factory, r).filter((d) => d.severity === 'error') : [];
  for (const d of errors) io.err(`${d.file}: error ${d.code}: ${d.message}`);
  return errors.length > 0;
}

async function fire(factory: Factory, name: string | undefined, values: Values, io: CliIo): Promise<number> {
  const def = lookup(factory, name);
  if (reportProblems(factory, def.name, io)) return 1;
  let triggerBody: Record<string, unknown> | undefined;
  if (values.body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(values.body, 'utf8'));
    } catch (e) {
      throw new UsageError(`--body: cannot read a JSON object from ${values.body}: ${(e as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--body: ${values.body} must hold a JSON object (the event's triggerBody()).`);
    triggerBody = parsed as Record<string, unknown>;
  }
  if (values['folder-path'] !== undefined || values['file-name'] !== undefined) {
    triggerBody = { ...(triggerBody ?? {}), folderPath: values['folder-path'] ?? '', fileName: values['file-name'] ?? '' };
  }
  const at = isoDateTimeOption(values.at, '--at');
  if (at && def.type === 'ScheduleTrigger') {
    // Firing at any time is allowed (a manual "as if scheduled" run); say so when ADF would not fire then.
    const u = upcoming(def, { from: at, count: 1 });
    if (u.kind === 'fireTimes' && (!u.fireTimes[0] || u.fireTimes[0].toMillis() !== Date.parse(at))) {
      io.err(`note: ${at} is not a scheduled fire time of "${def.name}"${u.fireTimes[0] ? ` (the next one is ${isoUtc(u.fireTimes[0])})` : ''}; running as if it were.`);
    }
  }
  const runOptions = await engineOptions(factory, values);
  let fired;
  try {
    fired = await fireTrigger(factory, def.name, { at, triggerBody, runOptions });
  } catch (e) {
    if (e instanceof AdfError) {
      io.err(`adfw trigger fire: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (values.json) {
    io.out(JSON.stringify({ runs: fired.map((f) => ({ pipelineName: f.pipelineName, parameters: f.parameters, error: f.error, pipelineRun: f.result?.pipelineRun, activityRuns: f.result?.activityRuns })) }, null, 2));
  } else {
    if (!fired.length) io.out(`Trigger "${def.name}" starts no pipeline.`);
    for (const f of fired) {
      if (f.error) io.out(`${f.pipelineName}: not started: ${f.error.message}`);
      else io.out(`${f.pipelineName} ${JSON.stringify(f.parameters)}: ${f.result!.pipelineRun.status} (run ${f.result!.pipelineRun.runId})${f.result!.pipelineRun.message ? ` ${f.result!.pipelineRun.message}` : ''}`);
    }
  }
  return fired.length && fired.every((f) => !f.error && f.result?.pipelineRun.status === 'Succeeded') ? 0 : 1;
}

async function runBackfill(factory: Factory, name: string | undefined, values: Values, io: CliIo): Promise<number> {
  const def = lookup(factory, name);
  const from = isoDateTimeOption(values.from, '--from');
  const to = isoDateTimeOption(values.to, '--to');
  if (!from || !to) throw new UsageError(`backfill needs --from and --to.\nUsage: ${USAGE}`);
  if (reportProblems(factory, def.name, io)) return 1;
  const runOptions = await engineOptions(factory, values);
  let windows;
  try {
    windows = await backfill(factory, def.name, {
      from,
      to,
      runOptions,
      onUpdate: (w) => {
        if (!values.json && w.status !== 'Waiting') io.out(`${w.trigger} [${w.windowStart}, ${w.windowEnd}) ${w.status}${w.message ? `: ${w.message}` : ''}`);
      },
    });
  } catch (e) {
    if (e instanceof AdfError) {
      io.err(`adfw trigger backfill: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (values.json) io.out(JSON.stringify({ windows }, null, 2));
  else {
    const counts = windows.reduce<Record<string, number>>((a, w) => ((a[w.status] = (a[w.status] ?? 0) + 1), a), {});
    io.out(`${windows.length} window(s): ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  return windows.every((w) => w.status === 'Succeeded') ? 0 : 1;
}
