/**
 * adfw fabric cancel --workspace W --run-id ID [--json] [connection flags]
 * Cancels a pipeline run (job instance) of the workspace and prints the run as it then stands (REST shape with
 * --json). Exit 0 when the cancel was accepted or the run had already ended, 1 when the run is not found.
 */
import { parse, printedHelp, UsageError, type Command } from '../../args';
import { FABRIC_CONNECTION_OPTIONS, withFabricClient } from '../../remoteSession';
import { printFabricRun } from './run';

const USAGE = 'adfw fabric cancel --workspace ID|NAME --run-id ID [--json] [--endpoint URL] [--token-env NAME] [--ca FILE] [--tenant ID]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { ...FABRIC_CONNECTION_OPTIONS, workspace: { type: 'string' }, 'run-id': { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nCancels a Fabric pipeline run.`)) return 0;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  if (!values.workspace) throw new UsageError(`--workspace is required.\nUsage: ${USAGE}`);
  if (!values['run-id']) throw new UsageError(`--run-id is required (the job instance id that adfw fabric run prints).\nUsage: ${USAGE}`);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values['run-id'])) throw new UsageError(`--run-id expects a run id (a GUID), got "${values['run-id']}".`);
  const { workspace } = values as { workspace: string };
  const runId = values['run-id'];
  return withFabricClient(values, io, 'adfw fabric cancel', async (fabric, client) => {
    const ws = await fabric.resolveWorkspace(client, workspace);
    const { item, job } = await fabric.findJob(client, ws, runId);
    let current = job;
    if (!fabric.isTerminalJob(job.status)) {
      await fabric.cancelJob(client, ws.id, item.id, runId);
      current = await fabric.getJobInstance(client, ws.id, item.id, runId);
    } else if (!values.json) io.err(`run ${runId} had already ended (${job.status}); nothing to cancel.`);
    const run = fabric.jobToPipelineRun(current, item.displayName, {}, ws.id);
    if (run.status === 'InProgress' || run.status === 'Queued') run.status = 'Canceling';
    printFabricRun(io, values.json, run, []);
    return 0;
  });
};
export default command;
