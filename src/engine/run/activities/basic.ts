/** Wait and Fail. */
import { ActivityFailure } from '../types';
import type { ActivityHandler } from '../context';
import { RunErrorCodes } from '../errors';
import { sleep } from '../pipelineRun';

export const waitActivity: ActivityHandler = async (ctx) => {
  const tp = (ctx.evaluate(ctx.def.typeProperties ?? {}) ?? {}) as Record<string, unknown>;
  ctx.setInput(tp);
  const raw = tp.waitTimeInSeconds;
  const secs = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof secs !== 'number' || !Number.isFinite(secs) || secs < 0) throw new ActivityFailure(`Wait '${ctx.def.name}': waitTimeInSeconds must be a non-negative number, got ${JSON.stringify(raw)}.`, RunErrorCodes.badValue);
  await sleep(secs * 1000, ctx.signal);
  return { output: {} };
};

export const failActivity: ActivityHandler = async (ctx) => {
  const tp = (ctx.evaluate(ctx.def.typeProperties ?? {}) ?? {}) as Record<string, unknown>;
  ctx.setInput(tp);
  const message = tp.message;
  const errorCode = tp.errorCode;
  if (typeof message !== 'string' || !message.trim()) throw new ActivityFailure(`Fail '${ctx.def.name}': message must evaluate to a non-empty string, got ${JSON.stringify(message)}.`, RunErrorCodes.badValue);
  if ((typeof errorCode !== 'string' && typeof errorCode !== 'number') || !String(errorCode).trim()) throw new ActivityFailure(`Fail '${ctx.def.name}': errorCode must evaluate to a non-empty string, got ${JSON.stringify(errorCode)}.`, RunErrorCodes.badValue);
  throw new ActivityFailure(message, String(errorCode), 'UserError');
};
