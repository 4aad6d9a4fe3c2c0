/** Mocks (run profiles) for activities that cannot run on this machine, and the clear failure without one. */
import { formatMessage } from '../../codes';
import { ActivityFailure } from '../../contracts';
import type { ActivityDef, ActivityHandler, MockSpec, Scope } from '../context';
import { RunErrorCodes } from '../errors';

const CONTAINERS = new Set(['foreach', 'ifcondition', 'switch', 'until']);

/** The mock for an activity: by name (optionally one iteration) first, then by type. */
export function findMock(mocks: MockSpec[], def: ActivityDef, scope: Scope): MockSpec | undefined {
  if (!mocks.length || CONTAINERS.has(String(def.type).toLowerCase())) return undefined;
  const byName = mocks.filter((m) => m.activityName !== undefined && m.activityName === def.name);
  const exactIteration = byName.find((m) => m.iteration !== undefined && m.iteration === scope.iteration);
  if (exactIteration) return exactIteration;
  const named = byName.find((m) => m.iteration === undefined);
  if (named) return named;
  const t = String(def.type).toLowerCase();
  return mocks.find((m) => m.activityName === undefined && typeof m.activityType === 'string' && m.activityType.toLowerCase() === t);
}

/** Runs a mock: records the evaluated input, then returns its output or fails with its error. */
export function mockHandler(spec: MockSpec): ActivityHandler {
  return async (ctx) => {
    try {
      ctx.setInput(ctx.evaluate(ctx.def.typeProperties ?? {}));
    } catch {
      ctx.setInput(ctx.def.typeProperties ?? {});
    }
    ctx.io.log('info', `Activity '${ctx.def.name}' (${ctx.def.type}) uses a mocked ${spec.error || spec.status === 'Failed' ? 'failure' : 'output'}.`);
    if (spec.error || spec.status === 'Failed') {
      const ft = spec.error?.failureType === 'SystemError' ? 'SystemError' : 'UserError';
      throw new ActivityFailure(spec.error?.message ?? `Mocked failure of '${ctx.def.name}'.`, spec.error?.errorCode ?? 'MockedFailure', ft, spec.output && typeof spec.output === 'object' ? (spec.output as Record<string, unknown>) : undefined);
    }
    return { output: spec.output ?? {} };
  };
}

/** The handler for an activity type that has no local implementation: a failure that says what to do. */
export function notRunnable(reason?: string): ActivityHandler {
  return async (ctx) => {
    try {
      ctx.setInput(ctx.evaluate(ctx.def.typeProperties ?? {}));
    } catch {
      ctx.setInput(ctx.def.typeProperties ?? {});
    }
    const { name, type } = ctx.def;
    throw new ActivityFailure(
      formatMessage(RunErrorCodes.notRunnableLocally, { name, type, reason: reason ? ` (${reason})` : '' }),
      RunErrorCodes.notRunnableLocally,
    );
  };
}
