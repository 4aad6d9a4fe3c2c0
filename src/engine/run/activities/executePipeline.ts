/** ExecutePipeline: a child run linked to its parent (invokedBy PipelineActivity), with bounded nesting. */
import { formatMessage } from '../../codes';
import { setMaxListeners } from 'node:events';
import { ActivityFailure } from '../../contracts';
import type { ActivityHandler } from '../context';
import { RunErrorCodes, RunSetupError } from '../errors';
import { findResource } from '../../model';

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
  const target = findResource(ctx.run.shared.factory, 'pipeline', ref.referenceName);
  if (!target) throw new ActivityFailure(formatMessage(RunErrorCodes.pipelineNotFound, { activity: ctx.def.name, name: ref.referenceName, factory: ctx.run.shared.factory.name }, 'executePipeline'), RunErrorCodes.pipelineNotFound);
  const chain = [...ctx.run.chain, target.name];
  if (chain.length > ctx.run.shared.maxDepth) {
    throw new ActivityFailure(
      formatMessage(RunErrorCodes.nestingTooDeep, { activity: ctx.def.name, max: ctx.run.shared.maxDepth, chain: chain.join(' -> ') }),
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
};

function errorCodeOf(result: import('../../contracts').RunResult): string {
  const failed = result.activityRuns.find((a) => a.status === 'Failed' && a.error && !a['adfw:parents']?.length);
  return failed?.error?.errorCode ?? RunErrorCodes.innerActivityFailed;
}
