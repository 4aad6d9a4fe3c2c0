/**
 * adfw remote: factories in Azure (or any ARM endpoint such as the emulator).
 *   adfw remote list --subscription S [--resource-group RG] [--json]
 *   adfw remote run --subscription S --resource-group RG --factory F --pipeline P [--param k=v]... [--wait] [--json]
 *       [--rerun-of RUNID [--start-activity NAME | --from-failure]]
 *   adfw remote get|cancel --subscription S --resource-group RG --factory F --run-id ID [--json]
 *   adfw remote runs --subscription S --resource-group RG --factory F [--from ISO] [--to ISO] [--pipeline P] [--status S] [--json]
 * Common: --endpoint URL, --token-env NAME, --cloud NAME, --tenant ID, --ca FILE.
 * Exit codes as `adfw run`: 0 success, 1 run failed or cancelled (and remote errors of list/get/runs),
 * 2 usage errors or a run that could not start (not signed in, no such pipeline, bad parameters).
 */
import { parse, printedHelp, keyValues, UsageError, type CliIo, type Command } from '../args';
import { CONNECTION_OPTIONS, connectRemote, type RemoteSession } from '../remoteSession';

const USAGE = `adfw remote list --subscription S [--resource-group RG] [--json]
       adfw remote run --subscription S --resource-group RG --factory F --pipeline P [--param k=v]... [--wait] [--json]
       adfw remote get|cancel --subscription S --resource-group RG --factory F --run-id ID [--json]
       adfw remote runs --subscription S --resource-group RG --factory F [--from ISO] [--to ISO] [--pipeline P] [--status S] [--json]
  common options: --endpoint URL --token-env NAME --cloud AzureCloud|AzureUSGovernment|AzureChinaCloud --tenant ID --ca FILE`;

const OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  factory: { type: 'string' },
  pipeline: { type: 'string' },
  param: { type: 'string', multiple: true },
  wait: { type: 'boolean' },
  json: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
  'run-id': { type: 'string' },
  'rerun-of': { type: 'string' },
  'start-activity': { type: 'string' },
  'from-failure': { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  status: { type: 'string' },
  timeout: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

function need(v: Values, name: keyof Values & string): string {
  const x = v[name];
  if (typeof x !== 'string' || !x) throw new UsageError(`--${name} is required.\nUsage: ${USAGE}`);
  return x;
}

function isoOption(v: string | undefined, flag: string, fallback: Date): Date {
  if (v === undefined) return fallback;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new UsageError(`${flag} expects an ISO 8601 date-time, got "${v}".`);
  return new Date(t);
}

const command: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    io.out(`Usage: ${USAGE}`);
    return sub ? 0 : 2;
  }
  if (!['list', 'run', 'get', 'cancel', 'runs'].includes(sub)) throw new UsageError(`unknown subcommand "${sub}".\nUsage: ${USAGE}`);
  const { values, positionals } = parse(rest, OPTIONS, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  const remote = await import('../../engine/remote');
  const connected = await connectRemote(remote, values, io, 'adfw remote');
  if ('exitCode' in connected) return connected.exitCode;
  const { session } = connected;
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    switch (sub) {
      case 'list':
        return await list(remote, session, values, io);
      case 'run':
        return await run(remote, session, values, io, ac.signal);
      case 'get':
      case 'cancel':
        return await getOrCancel(remote, session, values, io, sub === 'cancel');
      default:
        return await runsQuery(remote, session, values, io);
    }
  } catch (e) {
    if (e instanceof remote.RemoteError || e instanceof remote.ParameterError) {
      io.err(`adfw remote ${sub}: ${e.message}`);
      return e instanceof remote.ParameterError ? 2 : 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSig);
  }
};

type Remote = typeof import('../../engine/remote');
type Session = RemoteSession;

async function list(remote: Remote, session: Session, values: Values, io: CliIo): Promise<number> {
  const subs = values.subscription ? [values.subscription] : (await remote.listSubscriptions(session)).map((s) => s.subscriptionId);
  const result: { subscriptionId: string; factories: unknown[] }[] = [];
  for (const subscriptionId of subs) {
    const factories = await remote.listFactories(session, subscriptionId, values['resource-group']);
    const out = [];
    for (const f of factories) {
      const ref = { subscriptionId, resourceGroup: f.resourceGroup, factory: f.name };
      const resources: Record<string, string[]> = {};
      for (const kind of remote.REMOTE_KINDS) resources[kind] = (await remote.listResources(session, ref, kind)).map((r) => r.name);
      out.push({ name: f.name, resourceGroup: f.resourceGroup, location: f.location, id: f.id, resources });
    }
    result.push({ subscriptionId, factories: out });
  }
  if (values.json) {
    io.out(JSON.stringify(values.subscription ? result[0] : { subscriptions: result }, null, 2));
    return 0;
  }
  for (const s of result) {
    io.out(`subscription ${s.subscriptionId}`);
    if (!s.factories.length) io.out('  (no factories)');
    for (const f of s.factories as { name: string; resourceGroup: string; resources: Record<string, string[]> }[]) {
      io.out(`  ${f.resourceGroup}/${f.name}`);
      for (const [k, names] of Object.entries(f.resources)) if (names.length) io.out(`    ${k}: ${names.join(', ')}`);
    }
  }
  return 0;
}

function factoryRef(values: Values) {
  return { subscriptionId: need(values, 'subscription'), resourceGroup: need(values, 'resource-group'), factory: need(values, 'factory') };
}

async function run(remote: Remote, session: Session, values: Values, io: CliIo, signal: AbortSignal): Promise<number> {
  const ref = factoryRef(values);
  const pipeline = need(values, 'pipeline');
  const raw = keyValues(values.param, '--param');
  let runId: string;
  try {
    runId = await startRun(remote, session, values, ref, pipeline, raw, signal);
  } catch (e) {
    if (e instanceof remote.RemoteError) {
      io.err(`adfw remote run: the run could not start: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return follow(remote, session, values, io, signal, ref, runId);
}

async function startRun(remote: Remote, session: Session, values: Values, ref: ReturnType<typeof factoryRef>, pipeline: string, raw: Record<string, string>, signal: AbortSignal): Promise<string> {
  const def = await remote.getResource(session, ref, 'pipeline', pipeline);
  if (!def) throw new remote.RemoteError(`Pipeline "${pipeline}" does not exist in factory ${ref.factory} (resource group ${ref.resourceGroup}). Publish it first (adfw publish).`, 'NotFound', 404);
  const parameters = remote.typedParameters(def.properties.parameters, raw, def.name);
  if ((values['start-activity'] || values['from-failure']) && !values['rerun-of']) throw new UsageError('--start-activity and --from-failure need --rerun-of RUNID.');
  return remote.createRun(session, ref, def.name, {
    parameters,
    referencePipelineRunId: values['rerun-of'],
    isRecovery: values['rerun-of'] ? true : undefined,
    startActivityName: values['start-activity'],
    startFromFailure: values['from-failure'] ? true : undefined,
    signal,
  });
}

async function follow(remote: Remote, session: Session, values: Values, io: CliIo, signal: AbortSignal, ref: ReturnType<typeof factoryRef>, runId: string): Promise<number> {
  let result;
  if (values.wait) {
    const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : undefined;
    if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError('--timeout expects seconds > 0.');
    if (!values.json) io.err(`run ${runId} started; waiting for it to finish (Ctrl+C cancels it)…`);
    result = await remote.waitForRun(session, ref, runId, { signal, timeoutMs, initialIntervalMs: 500, maxIntervalMs: 10_000 });
  } else {
    const pipelineRun = await remote.getRun(session, ref, runId);
    result = { pipelineRun, activityRuns: await remote.activityRuns(session, ref, pipelineRun) };
  }
  printRun(io, values, result);
  if (!values.wait) return 0;
  return result.pipelineRun.status === 'Succeeded' ? 0 : 1;
}

function printRun(io: CliIo, values: Values, result: { pipelineRun: any; activityRuns: any[] }) {
  const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('adfw:')));
  if (values.json) {
    io.out(JSON.stringify({ pipelineRun: clean(result.pipelineRun), activityRuns: result.activityRuns.map(clean) }, null, 2));
    return;
  }
  const r = result.pipelineRun;
  io.out(`${r.pipelineName} ${r.runId}: ${r.status}${r.durationInMs !== undefined ? ` in ${r.durationInMs} ms` : ''}${r.message ? ` — ${r.message}` : ''}`);
  for (const a of result.activityRuns) io.out(`  ${a.activityName} (${a.activityType}): ${a.status}${a.error?.message ? ` — ${a.error.message}` : ''}`);
}

async function getOrCancel(remote: Remote, session: Session, values: Values, io: CliIo, cancel: boolean): Promise<number> {
  const ref = factoryRef(values);
  const runId = need(values, 'run-id');
  if (cancel) await remote.cancelRun(session, ref, runId, true);
  const pipelineRun = await remote.getRun(session, ref, runId);
  printRun(io, values, { pipelineRun, activityRuns: await remote.activityRuns(session, ref, pipelineRun) });
  return 0;
}

async function runsQuery(remote: Remote, session: Session, values: Values, io: CliIo): Promise<number> {
  const ref = factoryRef(values);
  const to = isoOption(values.to, '--to', new Date(Date.now() + 60_000));
  const from = isoOption(values.from, '--from', new Date(to.getTime() - 24 * 3600_000));
  const filters = [];
  if (values.pipeline) filters.push({ operand: 'PipelineName', operator: 'Equals', values: [values.pipeline] });
  if (values.status) filters.push({ operand: 'Status', operator: 'Equals', values: [values.status] });
  const runs = await remote.queryAllRuns(session, ref, { lastUpdatedAfter: from, lastUpdatedBefore: to, filters, orderBy: [{ orderBy: 'RunStart', order: 'DESC' }] });
  if (values.json) {
    io.out(JSON.stringify({ value: runs.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('adfw:')))) }, null, 2));
    return 0;
  }
  if (!runs.length) io.out('(no runs in the window)');
  for (const r of runs) io.out(`${r.runStart ?? ''}  ${r.status.padEnd(10)} ${r.pipelineName}  ${r.runId}`);
  return 0;
}

export default command;
