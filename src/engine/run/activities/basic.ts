/** Wait and Fail. */
import { formatMessage } from '../../codes';
import { ActivityFailure } from '../../contracts';
import type { ActivityHandler } from '../context';
import { RunErrorCodes } from '../errors';
import { sleep } from '../../contracts';

export const waitActivity: ActivityHandler = async (ctx) => {
  const tp = (ctx.evaluate(ctx.def.typeProperties ?? {}) ?? {}) as Record<string, unknown>;
  ctx.setInput(tp);
  const raw = tp.waitTimeInSeconds;
  const secs = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof secs !== 'number' || !Number.isFinite(secs) || secs < 0) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { name: ctx.def.name, value: JSON.stringify(raw) }, 'wait'), RunErrorCodes.badValue);
  await sleep(secs * 1000, ctx.signal);
  return { output: {} };
};

/**
 * Fail: fails with the errorCode and message given. The edge cases follow ADF's table ("Understand the Fail
 * activity error code"): a message that is missing, blank or not a string, and an errorCode that is blank or not
 * a string, give ADF's own messages and the code ErrorCodeNotString instead of the user's values.
 */
export const failActivity: ActivityHandler = async (ctx) => {
  const raw = ctx.def.typeProperties ?? {};
  const name = ctx.def.name;
  const messageMissing = raw.message === undefined;
  const codeMissing = raw.errorCode === undefined;
  for (const prop of ['message', 'errorCode'] as const) {
    const v = raw[prop];
    // A literal that is neither text nor dynamic content (an object, an array) is not "string-able".
    if (v !== undefined && v !== null && typeof v === 'object' && !(!Array.isArray(v) && (v as { type?: unknown }).type === 'Expression')) {
      throw new ActivityFailure(`Invalid value for property '${prop}'`, RunErrorCodes.expression, 'UserError');
    }
  }
  // Dynamic content that cannot be evaluated counts as "can't be interpreted".
  const UNREADABLE = Symbol('unreadable');
  const read = (v: unknown): unknown => {
    try {
      return ctx.evaluate(v);
    } catch {
      return UNREADABLE;
    }
  };
  const message = messageMissing ? undefined : read(raw.message);
  const errorCode = codeMissing ? undefined : read(raw.errorCode);
  ctx.setInput({ ...(messageMissing || message === UNREADABLE ? {} : { message }), ...(codeMissing || errorCode === UNREADABLE ? {} : { errorCode }) });
  const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && !v.trim());
  // Numbers and booleans are written as strings (ADF's "string-able" values).
  const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  const codeText = asText(errorCode);
  const codeOk = !codeMissing && !blank(errorCode) && codeText !== undefined;
  const msgText = asText(message);
  const code = codeOk && codeText !== undefined ? codeText : FAIL_CODE_NOT_STRING;
  let text: string;
  if (messageMissing) text = 'Fail message wasn\'t provided';
  else if (blank(message) || (!codeOk && msgText === undefined)) text = `Failed to interpret ${name} fail message or error code`;
  else if (msgText === undefined) text = `${name} fail message parameter couldn't be interpreted as a string`;
  else text = msgText;
  throw new ActivityFailure(text, code, 'UserError');
};

/** ADF's error code of a Fail activity whose errorCode is missing, blank or not a string. */
const FAIL_CODE_NOT_STRING = 'ErrorCodeNotString';
