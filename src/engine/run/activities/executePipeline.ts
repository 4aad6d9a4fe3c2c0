/** ExecutePipeline: a child run linked to its parent (invokedBy PipelineActivity), with bounded nesting. */
import { formatMessage } from '../../codes';
import { setMaxListeners } from 'node:events';
import { ActivityFailure } from '../../contracts';
import type { ActivityHandler } from '../context';
import { RunErrorCodes, RunSetupError } from '../errors';
import { childPipelineName, findResource } from '../../model';

export const executePipelineActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const ref = tp.pipeline as { referenceName?: string } | undefined;
  if (!ref?.referenceName) throw new ActivityFailure(formatMessage(RunErrorCodes.pipelineNotFound, { activity: ctx.def.name }, 'noReference'), RunErrorCodes.pipelineNotFound);
  const parameters = (ctx.evaluate(tp.parameters ?? {}) ?? {}) as Record<string, unknown>;
  const waitOnCompletion = tp.waitOnCompletion === true;
  if (tp.waitOnCompletion === undefined) {
    // ADF's sources disagree when the property is absent: the REST API/SDK say false, the activity's page says true.
    ctx.io.log('warn', `ExecutePipeline '${ctx.def.name}' does not set waitOnCompletion: it starts '${ref.referenceName}' without waiting (the REST API default). ADF Studio always writes the property; set it to true or false explicitly.`);
  }
  ctx.setInput({ pipeline: { referenceName: ref.referenceName, type: 'PipelineReference' }, waitOnCompletion, parameters });
  const target = findResource(ctx.run.shared.factory, 'pipeline', childPipelineName(ctx.run.shared.factory, 'ExecutePipeline', ctx.def) ?? ref.referenceName);
  if (!target) throw new ActivityFailure(formatMessage(RunErrorCodes.pipelineNotFound, { activity: ctx.def.name, name: ref.referenceName, factory: ctx.run.shared.factory.name }, 'executePipeline'), RunErrorCodes.pipelineNotFound);
  return runChild(ctx, target.name, parameters, waitOnCompletion);
};

/**
 * Microsoft Fabric's InvokePipeline: the child is named by id (`pipelineId`: the item's logicalId, or the id its
 * folder is named by) and runs from the same workspace folder. `waitOnCompletion` defaults to false (Fabric's
 * definition). Other operation types (ADF or Synapse pipelines) need a mock.
 */
export const invokePipelineActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const parameters = (ctx.evaluate(tp.parameters ?? {}) ?? {}) as Record<string, unknown>;
  const pipelineId = ctx.evaluate(tp.pipelineId ?? null);
  const waitOnCompletion = ctx.evaluate(tp.waitOnCompletion ?? false) === true;
  const operationType = tp.operationType ?? 'InvokeFabricPipeline';
  ctx.setInput({ operationType, pipelineId, ...(tp.workspaceId !== undefined ? { workspaceId: ctx.evaluate(tp.workspaceId) } : {}), waitOnCompletion, parameters });
  if (operationType !== 'InvokeFabricPipeline') {
    throw new ActivityFailure(`InvokePipeline '${ctx.def.name}' invokes a pipeline outside Fabric (operationType '${String(operationType)}'), which cannot run on the local engine. Provide its output with a mock: --mock ${ctx.def.name}=output.json.`, RunErrorCodes.notRunnableLocally);
  }
  const fabric = ctx.run.shared.factory.fabric;
  const name = typeof pipelineId === 'string' ? fabric?.pipelineIds.get(pipelineId.toLowerCase()) : undefined;
  if (!name) {
    throw new ActivityFailure(
      `InvokePipeline '${ctx.def.name}': pipeline id '${String(pipelineId)}' is no DataPipeline item of workspace folder '${ctx.run.shared.factory.name}' (ids are the items' config.logicalId in .platform). A pipeline of another workspace needs a mock: --mock ${ctx.def.name}=output.json.`,
      RunErrorCodes.pipelineNotFound,
    );
  }
  return runChild(ctx, name, parameters, waitOnCompletion);
};

/** Starts a child run linked to the activity; waits for it (and fails with it) when asked to. */
async function runChild(ctx: Parameters<ActivityHandler>[0], targetName: string, parameters: Record<string, unknown>, waitOnCompletion: boolean): ReturnType<ActivityHandler> {
  const target = { name: targetName };
  const chain = [...ctx.run.chain, target.name];
  if (chain.length > ctx.run.shared.maxDepth) {
    throw new ActivityFailure(
      formatMessage(RunErrorCodes.nestingTooDeep, { type: ctx.def.type, activity: ctx.def.name, max: ctx.run.shared.maxDepth, chain: chain.join(' -> ') }),
      RunErrorCodes.nestingTooDeep,
    );
  }
  // Every activity of the child listens to this signal.
  setMaxListeners(0, ctx.signal);
  let child;
  try {
    child = await ctx.run.shared.startChild(ctx.run, {
      pipelineName: target.name,
      parameters,
      chain,
      invokedBy: ctx.run.invokedByForChild(ctx.def.name, ctx.activityRunId),
      signal: ctx.signal,
      onStarted: (runId) => ctx.annotate({ 'adfw:childRunId': runId }),
      detach: !waitOnCompletion,
    });
  } catch (e) {
    if (e instanceof RunSetupError) throw new ActivityFailure(e.message, e.errorCode);
    throw e;
  }
  const output: Record<string, unknown> = { pipelineName: target.name, pipelineRunId: child.runId };
  if (!waitOnCompletion) return { output };
  const result = await child.done;
  const run = result.pipelineRun;
  if (run.status === 'Cancelled' && ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
  if (run.status !== 'Succeeded') {
    // The activity's error carries the child run's message as it is ("Operation on target <child activity>
    // failed: ..."); the parent's own run message adds "Operation on target <this activity> failed: " once.
    throw new ActivityFailure(run.message || `Pipeline '${target.name}' ${run.status.toLowerCase()}.`, run.status === 'Cancelled' ? RunErrorCodes.cancelled : errorCodeOf(result), 'UserError', output);
  }
  if (run['adfw:returnValue'] !== undefined) output.pipelineReturnValue = run['adfw:returnValue'];
  return { output };
}

function errorCodeOf(result: import('../../contracts').RunResult): string {
  const failed = result.activityRuns.find((a) => a.status === 'Failed' && a.error && !a['adfw:parents']?.length);
  return failed?.error?.errorCode ?? RunErrorCodes.innerActivityFailed;
}
