/** Containers: ForEach, IfCondition, Switch, Until; and Filter. Inner activities form scopes judged by the leaf rule. */
import { formatMessage } from '../../codes';
import { setMaxListeners } from 'node:events';
import { ActivityFailure, type ActivityError } from '../../contracts';
import type { ActivityContext, ActivityDef, ActivityHandler, ActivityOutcome, Scope } from '../context';
import { RunErrorCodes } from '../errors';
import { evaluateBoolean } from '../expression';
import { parseTimeSpan, formatTimeSpan } from '../timespan';
import { containerLists, type BranchKind } from '../../model';

const DEFAULT_BATCH = 20;
const MAX_BATCH = 50;
/** "Until activity": the default timeout is seven days, the maximum 90 days. */
const DEFAULT_UNTIL_TIMEOUT = '7.00:00:00';
const MAX_UNTIL_TIMEOUT_MS = 90 * 24 * 3600_000;

function innerScope(ctx: ActivityContext, extra: Partial<Scope> = {}): Scope {
  manyListeners(ctx.signal);
  return {
    parent: ctx.scope,
    results: new Map(),
    hasItem: ctx.scope.hasItem,
    item: ctx.scope.item,
    parents: [...ctx.scope.parents, ctx.def.name],
    iteration: ctx.scope.iteration,
    iterationHash: ctx.scope.iterationHash,
    inParallelForEach: ctx.scope.inParallelForEach,
    signal: ctx.signal,
    ...extra,
  };
}

/** Containers hand their signal to many concurrent inner activities. */
function manyListeners(signal: AbortSignal): AbortSignal {
  setMaxListeners(0, signal);
  return signal;
}

/** ADF's container failure: "Activity failed because an inner activity failed; Inner activity name: X, Error: ...". */
function innerFailure(ctx: ActivityContext, errors: ActivityError[], output: unknown = {}): ActivityOutcome {
  const first = errors[0];
  const message = first ? `Activity failed because an inner activity failed; Inner activity name: ${first.target}, Error: ${first.message}` : 'Activity failed because an inner activity failed';
  return { status: 'Failed', output, error: { errorCode: RunErrorCodes.innerActivityFailed, message, failureType: first?.failureType ?? 'UserError', target: ctx.def.name } };
}

/** ADF's message when items is not an array (as quoted in its troubleshooting guide). */
function notAnArray(name: string, kind: 'foreach' | 'filter', raw: unknown, value: unknown): ActivityFailure {
  const text = typeof raw === 'string' ? raw : raw && typeof raw === 'object' && typeof (raw as { value?: unknown }).value === 'string' ? (raw as { value: string }).value : JSON.stringify(raw);
  const type = value === null || value === undefined ? 'Null' : typeof value === 'string' ? 'String' : typeof value === 'boolean' ? 'Boolean' : typeof value === 'number' ? (Number.isInteger(value) ? 'Integer' : 'Float') : 'Object';
  return new ActivityFailure(`The execution of template action '${name}' failed: the result of the evaluation of '${kind}' expression '${text}' is of type '${type}'. The result must be a valid array.`, RunErrorCodes.expression);
}

/** The inner activities of one branch of this container (read as ADF reads them: model/activities). */
function branchList(def: ActivityDef, kind: BranchKind, caseIndex?: number): ActivityDef[] {
  const l = containerLists(def).find((b) => b.kind === kind && (caseIndex === undefined || b.caseIndex === caseIndex));
  return Array.isArray(l?.list) ? (l.list as ActivityDef[]) : [];
}

function cancelledIfAborted(ctx: ActivityContext): void {
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
}

export const forEachActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const items = ctx.evaluate(tp.items);
  if (!Array.isArray(items)) throw notAnArray(ctx.def.name, 'foreach', tp.items, items);
  // ADF's own examples write "isSequential": "true" (a string): both forms count.
  const seqRaw = ctx.evaluate(tp.isSequential ?? false);
  const isSequential = seqRaw === true || (typeof seqRaw === 'string' && seqRaw.trim().toLowerCase() === 'true');
  // "ForEach activity": batchCount is an integer of at most 50 (default 20); at most 100,000 items.
  const batchCount = isSequential ? 1 : Number(ctx.evaluate(tp.batchCount ?? DEFAULT_BATCH));
  if (!Number.isInteger(batchCount) || batchCount < 1 || batchCount > MAX_BATCH) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { name: ctx.def.name, max: MAX_BATCH, value: JSON.stringify(tp.batchCount) }, 'batchCount'), RunErrorCodes.badValue);
  const maxItems = ctx.run.shared.maxForEachItems ?? 100_000;
  if (items.length > maxItems) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { name: ctx.def.name, count: items.length, max: maxItems }, 'forEachItems'), RunErrorCodes.badValue);
  ctx.setInput({ itemsCount: items.length, isSequential, ...(isSequential ? {} : { batchCount }) });
  manyListeners(ctx.signal);
  const inner = branchList(ctx.def, 'activities');
  let next = 0;
  let failed = 0;
  let firstErrors: ActivityError[] = [];
  const where = `ForEach '${ctx.def.name}'`;
  const worker = async () => {
    let sinceYield = 0;
    while (next < items.length && !ctx.signal.aborted) {
      // Iterations of synchronous activities only chain microtasks: yield now and then so timers, I/O and
      // cancellation keep running during huge loops.
      if (++sinceYield === 64) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
        if (next >= items.length || ctx.signal.aborted) break;
      }
      const i = next++;
      const scope = innerScope(ctx, { item: items[i], hasItem: true, iteration: i, iterationHash: `${ctx.def.name}:${i}`, inParallelForEach: ctx.scope.inParallelForEach || batchCount > 1 });
      const r = await ctx.run.runScope(inner, scope, where);
      if (r.status === 'Failed') {
        failed++;
        if (!firstErrors.length) firstErrors = r.errors;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(batchCount, items.length) }, worker));
  cancelledIfAborted(ctx);
  if (failed) {
    ctx.io.log('warn', `ForEach '${ctx.def.name}': ${failed} of ${items.length} iterations failed.`);
    return innerFailure(ctx, firstErrors, {});
  }
  return { output: {} };
};

export const ifConditionActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const result = evaluateBoolean(tp.expression, ctx.run.exprContext(ctx.scope), `If Condition '${ctx.def.name}': expression`);
  ctx.setInput({ expression: result });
  const branch = branchList(ctx.def, result ? 'ifTrueActivities' : 'ifFalseActivities');
  const r = await ctx.run.runScope(branch, innerScope(ctx), `If Condition '${ctx.def.name}' (${result ? 'ifTrueActivities' : 'ifFalseActivities'})`);
  cancelledIfAborted(ctx);
  return r.status === 'Failed' ? innerFailure(ctx, r.errors) : { output: {} };
};

export const switchActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  // The REST API (and ADF Studio) name the property "on"; the Switch page's JSON samples name it "expression".
  const on = ctx.evaluate(tp.on ?? tp.expression);
  if (typeof on !== 'string' && typeof on !== 'number' && typeof on !== 'boolean') throw new ActivityFailure(`Switch '${ctx.def.name}': 'on' must evaluate to a string, got ${JSON.stringify(on)}.`, RunErrorCodes.expression);
  const value = String(on);
  const match = containerLists(ctx.def).find((b) => b.kind === 'case' && String(b.caseValue) === value);
  ctx.setInput({ on: value });
  const branch = match ? branchList(ctx.def, 'case', match.caseIndex) : branchList(ctx.def, 'defaultActivities');
  const r = await ctx.run.runScope(branch, innerScope(ctx), `Switch '${ctx.def.name}' (${match ? `case '${value}'` : 'default'})`);
  cancelledIfAborted(ctx);
  return r.status === 'Failed' ? innerFailure(ctx, r.errors) : { output: {} };
};

export const untilActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const timeoutMs = parseTimeSpan(ctx.evaluate(tp.timeout ?? DEFAULT_UNTIL_TIMEOUT), `Until '${ctx.def.name}' timeout`);
  if (timeoutMs > MAX_UNTIL_TIMEOUT_MS) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { name: ctx.def.name, timeout: formatTimeSpan(timeoutMs) }, 'untilTimeout'), RunErrorCodes.badValue);
  ctx.setInput({ timeout: formatTimeSpan(timeoutMs) });
  const inner = branchList(ctx.def, 'activities');
  const controller = new AbortController();
  manyListeners(controller.signal);
  const onAbort = () => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('Until timed out'));
  }, Math.min(timeoutMs, 2 ** 31 - 1));
  const timeoutFailure = () =>
    new ActivityFailure(formatMessage(RunErrorCodes.untilTimedOut, { name: ctx.def.name, timeout: formatTimeSpan(timeoutMs) }), RunErrorCodes.untilTimedOut);
  // ADF: "If an inner activity fails, the Until activity doesn't stop": the loop goes on until the expression
  // is true (or the timeout); an iteration that failed then fails the Until, as with ForEach.
  let firstErrors: ActivityError[] | undefined;
  let failedIterations = 0;
  try {
    for (let i = 0; ; i++) {
      const scope = innerScope(ctx, { signal: controller.signal });
      const r = await ctx.run.runScope(inner, scope, `Until '${ctx.def.name}'`);
      cancelledIfAborted(ctx);
      if (timedOut) throw timeoutFailure();
      if (r.status === 'Failed') {
        failedIterations++;
        firstErrors ??= r.errors;
      }
      if (evaluateBoolean(tp.expression, ctx.run.exprContext(scope), `Until '${ctx.def.name}': expression`)) {
        if (!firstErrors) return { output: {} };
        ctx.io.log('warn', `Until '${ctx.def.name}': ${failedIterations} of ${i + 1} iterations failed.`);
        return innerFailure(ctx, firstErrors);
      }
      if (timedOut) throw timeoutFailure();
      // Let timers (the timeout, Wait activities) run between iterations that complete synchronously.
      if (i % 64 === 63) await new Promise((r2) => setImmediate(r2));
    }
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
};

export const filterActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const items = ctx.evaluate(tp.items);
  if (!Array.isArray(items)) throw notAnArray(ctx.def.name, 'filter', tp.items, items);
  ctx.setInput({ itemsCount: items.length });
  const value: unknown[] = [];
  for (const item of items) {
    const keep = evaluateBoolean(tp.condition, ctx.run.exprContext(ctx.scope, { item, hasItem: true }), `Filter '${ctx.def.name}': condition`);
    if (keep) value.push(item);
  }
  return { output: { ItemsCount: items.length, FilteredItemsCount: value.length, Value: value } };
};
