/**
 * adfw fabric run --workspace W --pipeline NAME|ID [--param n=v]… [--no-wait] [--json] [connection flags]
 * Runs a Fabric pipeline on demand (Job Scheduler, jobType=Pipeline, parameters in executionData.parameters typed by
 * the pipeline's declarations) and polls its job instance to the end, honouring Retry-After.
 * `--json`: {"pipelineRun": {runId, pipelineName, status, runStart, runEnd, durationInMs, message, …}, "activityRuns": [...]}
 * in the Data Factory REST shape. Exit 0 when the run Succeeded (or, with --no-wait, was started), 1 otherwise.
 */
import { keyValues, parse, printedHelp, UsageError, type CliIo, type Command } from '../../args';
import { FABRIC_CONNECTION_OPTIONS, withFabricClient } from '../../remoteSession';
import { toRestActivityRun, toRestPipelineRun, type ActivityRun, type PipelineRun } from '../../../engine/contracts';

const USAGE = 'adfw fabric run --workspace ID|NAME --pipeline NAME|ID [--param n=v]… [--no-wait] [--json] [--endpoint URL] [--token-env NAME] [--ca FILE] [--tenant ID]';

/** Prints a run: JSON in the REST shape, or one line per run and activity. */
export function printFabricRun(io: CliIo, json: boolean | undefined, run: PipelineRun, activityRuns: ActivityRun[]): void {
  if (json) {
    io.out(JSON.stringify({ pipelineRun: toRestPipelineRun(run), activityRuns: activityRuns.map(toRestActivityRun) }, null, 2));
    return;
  }
  io.out(`${run.pipelineName} ${run.runId}: ${run.status}${run.durationInMs !== undefined ? ` in ${run.durationInMs} ms` : ''}${run.message ? ` — ${run.message}` : ''}`);
  for (const a of activityRuns) io.out(`  ${a.activityName} (${a.activityType}): ${a.status}${a.error?.message ? ` — ${a.error.message}` : ''}`);
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { ...FABRIC_CONNECTION_OPTIONS, workspace: { type: 'string' }, pipeline: { type: 'string' }, param: { type: 'string', multiple: true }, 'no-wait': { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nRuns a Fabric pipeline on demand and waits for it (Ctrl+C stops waiting; the run goes on).`)) return 0;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  if (!values.workspace) throw new UsageError(`--workspace is required (a workspace id or display name).\nUsage: ${USAGE}`);
  if (!values.pipeline) throw new UsageError(`--pipeline is required (a pipeline display name or item id).\nUsage: ${USAGE}`);
  const raw = keyValues(values.param, '--param');
  const { workspace, pipeline } = values as { workspace: string; pipeline: string };
  return withFabricClient(values, io, 'adfw fabric run', async (fabric, client) => {
    const ws = await fabric.resolveWorkspace(client, workspace);
    const item = await fabric.resolvePipeline(client, ws, pipeline);
    let parameters: Record<string, unknown> = {};
    if (Object.keys(raw).length) {
      // Typed by the pipeline's declarations, with the rule local and ADF runs use.
      const { typedParameters, ParameterError } = await import('../../../engine/remote');
      const content = fabric.pipelineContentOf(await fabric.getDefinition(client, ws.id, item.id));
      try {
        parameters = typedParameters(content?.properties?.parameters, raw, item.displayName);
      } catch (e) {
        if (e instanceof ParameterError) throw new UsageError(e.message);
        throw e;
      }
    }
    const started = await fabric.runPipeline(client, ws.id, item.id, parameters);
    if (values['no-wait']) {
      const job = await fabric.getJobInstance(client, ws.id, item.id, started.jobInstanceId);
      printFabricRun(io, values.json, fabric.jobToPipelineRun(job, item.displayName, parameters, ws.id), []);
      return 0;
    }
    if (!values.json) io.err(`run ${started.jobInstanceId} started; waiting for it to finish…`);
    let job;
    try {
      job = await fabric.waitForJob(client, ws.id, item.id, started.jobInstanceId, started.headers);
    } catch (e) {
      if (e instanceof fabric.FabricError && e.kind === 'Cancelled') {
        io.err(`adfw fabric run: stopped waiting; run ${started.jobInstanceId} goes on in Fabric. Cancel it with: adfw fabric cancel --workspace ${ws.id} --run-id ${started.jobInstanceId}`);
        return 1;
      }
      throw e;
    }
    const run = fabric.jobToPipelineRun(job, item.displayName, parameters, ws.id);
    const activityRuns = await fabric.queryActivityRuns(client, ws.id, job.id, run.runStart);
    printFabricRun(io, values.json, run, activityRuns);
    return run.status === 'Succeeded' ? 0 : 1;
  });
};
export default command;
