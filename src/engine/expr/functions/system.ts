/**
 * System functions: pipeline(), variables(), activity(), item(), trigger(), triggerBody(), triggerOutputs(),
 * dataset(), linkedService(). They read the evaluation context.
 */
import type { ExprContext } from '../context';
import { ExprCodes } from '../errors';
import { getProperty } from '../values';
import { str } from './args';
import { fn, type FunctionDef } from './types';

const pipelineCache = new WeakMap<ExprContext, Record<string, unknown>>();

/** The object returned by pipeline(): system variables plus parameters and globalParameters. */
function pipelineObject(ctx: ExprContext): Record<string, unknown> {
  let o = pipelineCache.get(ctx);
  if (!o) {
    o = { ...(ctx.pipeline ?? {}), parameters: ctx.parameters ?? {}, globalParameters: ctx.globalParameters ?? {} };
    pipelineCache.set(ctx, o);
  }
  return o;
}

export const systemFunctions: FunctionDef[] = [
  fn('pipeline', 'system', [0, 0], 'pipeline(): object',
    'The running pipeline: .parameters, .globalParameters and the system variables DataFactory, Pipeline, RunId, TriggerType, TriggerId, TriggerName, TriggerTime, GroupId, TriggeredByPipelineName, TriggeredByPipelineRunId.',
    (_a, ctx) => pipelineObject(ctx)),
  fn('variables', 'system', [1, 1], "variables(variableName: string): any", 'Returns the current value of a pipeline variable.',
    (args, ctx, site) => {
      const name = str(args, 0, site);
      const r = getProperty(ctx.variables ?? {}, name);
      if (!r.found) {
        const known = Object.keys(ctx.variables ?? {});
        site.fail(ExprCodes.unknownReference, { name, declared: known.length ? `; declared variables are '${known.join(', ')}'` : '' }, 0);
      }
      return r.value === undefined ? null : r.value;
    }),
  fn('activity', 'system', [1, 1], "activity(activityName: string): object",
    "The result of an earlier activity: .output, .status and .error (e.g. activity('Lookup1').output.firstRow).",
    (args, ctx, site) => {
      const name = str(args, 0, site);
      const r = getProperty(ctx.activities ?? {}, name);
      if (!r.found) {
        site.fail(ExprCodes.unknownReference, { name }, 0, 'activityOutput');
      }
      const a = (r.value ?? {}) as { output?: unknown; status?: string; error?: unknown };
      return { output: a.output ?? null, status: a.status ?? null, error: a.error ?? null };
    }),
  fn('item', 'system', [0, 0], 'item(): any', 'The current element of the enclosing ForEach activity.',
    (_a, ctx, site) => {
      const has = ctx.hasItem ?? ctx.item !== undefined;
      if (!has) site.fail(ExprCodes.itemOutsideForEach, {});
      return ctx.item === undefined ? null : ctx.item;
    }),
  fn('trigger', 'system', [0, 0], 'trigger(): object', 'The trigger that started the run: .startTime, .scheduledTime, .outputs.',
    (_a, ctx) => ({ ...(ctx.trigger ?? {}) })),
  fn('triggerBody', 'system', [0, 0], 'triggerBody(): object', 'The body of the event that fired the trigger (e.g. .folderPath, .fileName).',
    (_a, ctx) => ctx.triggerBody ?? ctx.trigger?.outputs?.body ?? {}),
  fn('triggerOutputs', 'system', [0, 0], 'triggerOutputs(): object', 'The outputs of the trigger that started the run.',
    (_a, ctx) => ctx.trigger?.outputs ?? {}),
  fn('dataset', 'system', [0, 0], 'dataset(): object', 'The parameters of the dataset being resolved (dataset().name).',
    (_a, ctx) => ctx.dataset ?? {}),
  fn('linkedService', 'system', [0, 0], 'linkedService(): object', 'The parameters of the linked service being resolved (linkedService().name).',
    (_a, ctx) => ctx.linkedService ?? {}),
];
