/** Activities served by the connectors of the copy engine: Copy, Lookup, GetMetadata, Delete, Validation; and ExecuteDataFlow. */
import { formatMessage } from '../../codes';
import { promises as fs } from 'node:fs';
import { ActivityFailure, type DataServices } from '../../contracts';
import type { ActivityContext, ActivityHandler } from '../context';
import type { ExprContext } from '../../expr';
import { RunErrorCodes } from '../errors';
import { resolveDataset, resolveLinkedService, type Reference } from '../resolve';
import { dataflowModule } from '../optional';
import { notRunnable } from './mock';
import { parseTimeSpan } from '../timespan';
import { sleep } from '../../contracts';

/** ADF's defaults for Validation ("Validation activity" page): a timeout of 12 hours, 10 seconds between checks. */
export const DEFAULT_VALIDATION_TIMEOUT = '0.12:00:00';

function services(ctx: ActivityContext): DataServices {
  const ds = ctx.run.shared.dataServices();
  if (!ds) throw new ActivityFailure(formatMessage(RunErrorCodes.noDataServices, { name: ctx.def.name, type: ctx.def.type }), RunErrorCodes.noDataServices);
  return ds;
}

/** Evaluation in the activity's scope, for Fabric's inline dataset settings. */
function inScope(ctx: ActivityContext): (value: unknown, extra: Partial<ExprContext>) => unknown {
  return (value, extra) => ctx.evaluate(value, extra);
}

function datasetRef(ctx: ActivityContext, raw: unknown, what: string): Reference {
  const ref = ctx.evaluate(raw) as Reference | undefined;
  if (!ref || typeof ref !== 'object' || typeof ref.referenceName !== 'string') throw new ActivityFailure(formatMessage(RunErrorCodes.referenceNotFound, { type: ctx.def.type, name: ctx.def.name, what }, 'datasetReference'), RunErrorCodes.referenceNotFound);
  return ref;
}

export const copyActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  const input = datasetRef(ctx, ctx.def.inputs?.[0], 'inputs[0]');
  const output = datasetRef(ctx, ctx.def.outputs?.[0], 'outputs[0]');
  ctx.setInput({ source: tp.source, sink: tp.sink, ...(tp.translator ? { translator: tp.translator } : {}), inputs: [input], outputs: [output] });
  const source = resolveDataset(ctx.run.shared, input, inScope(ctx));
  const sink = resolveDataset(ctx.run.shared, output, inScope(ctx));
  await fs.mkdir(ctx.io.workDir, { recursive: true });
  return { output: await services(ctx).copy({ activityName: ctx.def.name, typeProperties: tp, source, sink, activityRunId: ctx.activityRunId, resolveLinkedService: (name) => resolveLinkedService(ctx.run.shared, { referenceName: name }) }, ctx.io) };
};

export const lookupActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  ctx.setInput(tp);
  const dataset = resolveDataset(ctx.run.shared, datasetRef(ctx, tp.dataset, 'dataset'), inScope(ctx));
  return { output: await services(ctx).lookup({ dataset, source: tp.source ?? {}, firstRowOnly: tp.firstRowOnly !== false }, ctx.io) };
};

export const getMetadataActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  ctx.setInput(tp);
  const dataset = resolveDataset(ctx.run.shared, datasetRef(ctx, tp.dataset, 'dataset'), inScope(ctx));
  const fieldList = Array.isArray(tp.fieldList) ? tp.fieldList.map(String) : [];
  return { output: await services(ctx).getMetadata({ dataset, fieldList, storeSettings: tp.storeSettings, formatSettings: tp.formatSettings }, ctx.io) };
};

export const deleteActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  ctx.setInput(tp);
  const dataset = resolveDataset(ctx.run.shared, datasetRef(ctx, tp.dataset, 'dataset'), inScope(ctx));
  return { output: await services(ctx).delete({ dataset, recursive: tp.recursive === true, storeSettings: tp.storeSettings, typeProperties: tp, activityRunId: ctx.activityRunId, resolveLinkedService: (name) => resolveLinkedService(ctx.run.shared, { referenceName: name }) }, ctx.io) };
};

/** Validation: waits until the dataset exists (and is big enough / has children), or fails at its timeout. */
export const validationActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  ctx.setInput(tp);
  const timeoutMs = parseTimeSpan(tp.timeout ?? DEFAULT_VALIDATION_TIMEOUT, `Validation '${ctx.def.name}' timeout`);
  const sleepMs = Number(tp.sleep ?? 10) * 1000;
  const dataset = resolveDataset(ctx.run.shared, datasetRef(ctx, tp.dataset, 'dataset'), inScope(ctx));
  const fieldList = ['exists'];
  if (tp.minimumSize !== undefined) fieldList.push('size');
  if (tp.childItems !== undefined) fieldList.push('childItems');
  const start = Date.now();
  for (;;) {
    const md = (await services(ctx).getMetadata({ dataset, fieldList }, ctx.io)) as Record<string, any>;
    const sizeOk = tp.minimumSize === undefined || Number(md.size ?? 0) >= Number(tp.minimumSize);
    const children = Array.isArray(md.childItems) ? md.childItems.length : 0;
    const childOk = tp.childItems === undefined || (tp.childItems === true ? children > 0 : children === 0);
    if (md.exists === true && sizeOk && childOk) return { output: { exists: true, ...(md.size !== undefined ? { size: md.size } : {}) } };
    if (Date.now() - start + sleepMs > timeoutMs) throw new ActivityFailure(formatMessage(RunErrorCodes.validationTimedOut, { name: ctx.def.name, dataset: dataset.name, minimumSize: tp.minimumSize !== undefined ? `, minimumSize ${tp.minimumSize}` : '', childItems: tp.childItems !== undefined ? `, childItems ${tp.childItems}` : '', timeout: String(tp.timeout ?? DEFAULT_VALIDATION_TIMEOUT) }), RunErrorCodes.validationTimedOut);
    await sleep(sleepMs, ctx.signal);
  }
};

export const executeDataFlowActivity: ActivityHandler = async (ctx) => {
  const mod = dataflowModule();
  if (!mod) return notRunnable('this build has no data flow engine')(ctx);
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  ctx.setInput(tp);
  await fs.mkdir(ctx.io.workDir, { recursive: true });
  const output = await mod.runDataFlowActivity(ctx.run.shared.factory, tp, ctx.io, (ref) => resolveDataset(ctx.run.shared, ref));
  return { output };
};
