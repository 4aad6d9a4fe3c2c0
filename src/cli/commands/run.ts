/**
 * adfw run <factoryDir> <pipelineName> [--param name=value]... [--params-file f.json] [--connections f.json]
 *   [--mock Name=file.json | --mock type:Type=file.json]... [--now ISO] [--seed N] [--until Name]
 *   [--rerun runId [--from-failed]] [--store DIR | --no-store] [--report file.html] [--json]
 *   [--value-set name]
 * <factoryDir> may be a Microsoft Fabric workspace folder (*.DataPipeline items); its pipelines are named by display
 * name or logicalId, --connections maps connection ids, --value-set picks the variable libraries' value set.
 * Exit codes: 0 the run Succeeded, 1 it Failed or was Cancelled, 2 usage errors or a factory that does not validate.
 */
import { promises as fs } from 'node:fs';
import { parse, printedHelp, keyValues, UsageError, type Command } from '../args';
import { loadFactory } from '../../engine/model';
import { contractDiagnostics, diagnosticLine } from '../diagnostics';
import { runPipeline, RunStore, defaultStoreDir, RunSetupError, type MockSpec, type RunResult } from '../../engine/run';
import { checkStoreFlags, connectionsOption, isoDateTimeOption, requireFactoryDir, runStoreOption, seedOption } from '../shared';
import { checkFabricConnections, validateFactory } from '../../engine/validate';
import { isFabricWorkspace, loadFabricWorkspace } from '../../engine/fabric';
import { renderRunReport } from '../../engine/report';
import { progressLine, summaryTable } from '../../engine/run';

const USAGE =
  'adfw run <factoryDir> <pipelineName> [--param name=value]... [--params-file f.json] [--connections f.json] [--mock Name=file.json]... [--now ISO] [--seed N] [--until Name] [--rerun runId [--from-failed]] [--store DIR | --no-store] [--local-cosmos] [--report file.html] [--value-set name] [--json]';

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what}: ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** --mock Name=file.json or type:Type=file.json; the file is the output, or {output?, error?, status?}. */
async function readMocks(values: string[] | undefined): Promise<MockSpec[]> {
  const out: MockSpec[] = [];
  for (const [key, file] of Object.entries(keyValues(values, '--mock'))) {
    const content = await readJson(file, `--mock ${key}`);
    const keys = content && typeof content === 'object' && !Array.isArray(content) ? Object.keys(content) : [];
    const isSpec = keys.length > 0 && keys.every((k) => k === 'output' || k === 'error' || k === 'status');
    const spec: MockSpec = isSpec ? { ...(content as MockSpec) } : { output: content };
    if (key.startsWith('type:')) spec.activityType = key.slice(5);
    else spec.activityName = key;
    out.push(spec);
  }
  return out;
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      param: { type: 'string', multiple: true },
      'params-file': { type: 'string' },
      connections: { type: 'string' },
      mock: { type: 'string', multiple: true },
      now: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
      rerun: { type: 'string' },
      'from-failed': { type: 'boolean' },
      store: { type: 'string' },
      'no-store': { type: 'boolean' },
      'local-cosmos': { type: 'boolean' },
      report: { type: 'string' },
      json: { type: 'boolean' },
      'value-set': { type: 'string' },
    },
    USAGE,
  );
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 2) throw new UsageError(`expected <factoryDir> <pipelineName>, got ${positionals.length} argument(s).\nUsage: ${USAGE}`);
  const [dir, pipelineArg] = positionals;
  checkStoreFlags(values);
  if (values['from-failed'] && !values.rerun) throw new UsageError('--from-failed needs --rerun <runId>.');
  const seed = seedOption(values.seed);
  isoDateTimeOption(values.now, '--now');
  await requireFactoryDir(dir);

  const isFabric = await isFabricWorkspace(dir);
  if (values['value-set'] && !isFabric) throw new UsageError(`--value-set applies to Microsoft Fabric workspace folders (with *.DataPipeline items); ${dir} is not one.`);
  const factory = isFabric ? await loadFabricWorkspace(dir, { valueSet: values['value-set'] }) : await loadFactory(dir);
  // A Fabric pipeline may be named by its display name or by its logicalId.
  const pipelineName = factory.fabric?.pipelineIds.get(pipelineArg.toLowerCase()) ?? pipelineArg;
  const diagnostics = validateFactory(factory);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    // The same diagnostics as `adfw validate` (errors only: they are why the run is refused).
    const positioned = await contractDiagnostics([factory], errors);
    if (values.json) io.out(JSON.stringify({ diagnostics: positioned }));
    io.err(`adfw run: the ${factory.fabric ? 'Fabric workspace' : 'factory'} at ${dir} does not validate (${errors.length} error${errors.length > 1 ? 's' : ''}):`);
    if (!values.json) for (const d of positioned) io.err(diagnosticLine(d));
    return 2;
  }

  let parameters: Record<string, unknown> = {};
  if (values['params-file']) {
    const p = await readJson(values['params-file'], '--params-file');
    if (!p || typeof p !== 'object' || Array.isArray(p)) throw new UsageError(`--params-file: ${values['params-file']} must hold an object {"name": value}.`);
    parameters = { ...(p as Record<string, unknown>) };
  }
  Object.assign(parameters, keyValues(values.param, '--param'));
  const mocks = await readMocks(values.mock);
  const store = runStoreOption(values, factory.root);

  let connections: Record<string, Record<string, unknown>> = {};
  let rerunOf: RunResult | undefined;
  try {
    connections = await connectionsOption(values.connections);
    if (values.rerun) {
      rerunOf = await (store ?? new RunStore(defaultStoreDir(factory.root))).get(values.rerun);
      if (!rerunOf) throw new UsageError(`--rerun: run ${values.rerun} is not in the run store${store ? ` (${store.dir})` : ''}.`);
      if (rerunOf.pipelineRun.pipelineName.toLowerCase() !== pipelineName.toLowerCase()) throw new UsageError(`--rerun: run ${values.rerun} is a run of pipeline '${rerunOf.pipelineRun.pipelineName}', not '${pipelineName}'.`);
    }
  } catch (e) {
    if (e instanceof RunSetupError) throw new UsageError(e.message);
    throw e;
  }
  if (factory.fabric && values.connections) {
    // Connection ids the file does not map: the activities using them fail when they reach the connection.
    for (const d of await contractDiagnostics([factory], checkFabricConnections(factory, connections, values.connections))) if (!values.json) io.err(diagnosticLine(d));
  }

  const controller = new AbortController();
  const onSigint = () => {
    if (!values.json) io.err('Cancelling the run (Ctrl+C again to force)...');
    controller.abort(new Error('Cancelled by the user'));
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const childRuns: RunResult[] = [];
  // Loops can produce millions of inner transitions: show the first ones, then only top-level lines.
  const MAX_INNER_LINES = 500;
  let innerLines = 0;
  const names = new Map<string, string>();
  let result: RunResult;
  try {
    result = await runPipeline({
      factory,
      pipelineName,
      parameters,
      connections,
      mocks,
      now: values.now,
      seed,
      until: values.until,
      signal: controller.signal,
      store,
      rerunOf,
      startFromFailed: values['from-failed'] === true,
      localCosmos: values['local-cosmos'] ? 'always' : undefined,
      onEvent: (e) => {
        if (values.report && e.type === 'runFinished' && e.run.invokedBy.invokedByType === 'PipelineActivity') childRuns.push({ pipelineRun: e.run, activityRuns: e.activityRuns });
        if (values.json) return;
        const inner = (e.type === 'activityStarted' || e.type === 'activityFinished') && !!e.activityRun['adfw:parents']?.length;
        if (inner && ++innerLines > MAX_INNER_LINES) {
          if (innerLines === MAX_INNER_LINES + 1) io.out(`(further transitions of activities inside containers are not shown; the summary and --json have them)`);
          return;
        }
        if (e.type === 'activityStarted') names.set(e.activityRun.activityRunId, e.activityRun.activityName);
        const line = progressLine(e, (id) => names.get(id));
        if (e.type === 'activityFinished') names.delete(e.activityRun.activityRunId);
        if (line) io.out(line);
      },
    });
  } catch (e) {
    if (e instanceof RunSetupError) {
      io.err(`adfw run: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  if (values.report) {
    await fs.writeFile(values.report, renderRunReport([result, ...childRuns], { title: `${factory.name} / ${result.pipelineRun.pipelineName}` }), 'utf8');
    if (!values.json) io.out(`Report written to ${values.report}`);
  }
  if (values.json) io.out(JSON.stringify({ pipelineRun: result.pipelineRun, activityRuns: result.activityRuns }, null, 2));
  else io.out('\n' + summaryTable(result.pipelineRun, result.activityRuns));
  return result.pipelineRun.status === 'Succeeded' ? 0 : 1;
};
export default command;
