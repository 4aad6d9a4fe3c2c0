/**
 * Error codes of the local engine (ADF5xxx band) and helpers that turn anything thrown into
 * ADF's activity error shape {errorCode, message, failureType, target}.
 */
import { ActivityFailure, type ActivityError } from '../contracts';
import { RunCodes } from '../codes';

export const RunErrorCodes = {
  /** The catalogue's ADF5xxx table. */
  ...RunCodes,
  /** ADF's own codes. */
  expression: 'InvalidTemplate',
  innerActivityFailed: 'ActionFailed',
} as const;

/** Thrown before a run starts (bad parameters, unknown pipeline, invalid graph): no run record is created. */
export class RunSetupError extends Error {
  constructor(
    message: string,
    public readonly errorCode: string,
  ) {
    super(message);
    this.name = 'RunSetupError';
  }
}

/** Converts anything thrown by an activity into ADF's error shape. */
export function toActivityError(e: unknown, target: string): ActivityError {
  if (e instanceof ActivityFailure) return { errorCode: e.errorCode, message: e.message, failureType: e.failureType, target, ...(e.output ? { details: e.output } : {}) };
  const any = e as { name?: string; code?: unknown; message?: unknown; errorCode?: unknown; failureType?: unknown };
  if (any && any.name === 'ExpressionError') return { errorCode: RunErrorCodes.expression, message: String(any.message), failureType: 'UserError', target };
  if (any && typeof any.errorCode === 'string') return { errorCode: any.errorCode, message: String(any.message ?? ''), failureType: typeof any.failureType === 'string' ? any.failureType : 'UserError', target };
  const message = e instanceof Error ? e.message : String(e);
  return { errorCode: 'SystemError', message, failureType: 'SystemError', target };
}
