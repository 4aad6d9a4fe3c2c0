/** Rules on pipeline activities: timeout and retry policy, Set Variable in parallel ForEach, pipeline size. */
import { pipelineActivities, type ActivityInfo, type Resource } from '../../model';
import { DEFAULT_TIMEOUT_MS, formatTimeSpan, parseTimeSpan } from '../../run';
import { SCHEMAS } from '../../schema';
import type { LintRule, RuleContext } from '../types';

/** Activity types whose `policy` is ADF's ActivityPolicy (timeout, retry), read from the generated pipeline schema. */
let policyTypes: Set<string> | undefined;
export function typesWithRetryPolicy(): Set<string> {
  if (policyTypes) return policyTypes;
  policyTypes = new Set();
  const defs = ((SCHEMAS.pipeline as Record<string, any>).definitions ?? {}) as Record<string, any>;
  for (const def of Object.values(defs)) {
    const type = def?.properties?.type?.const;
    const ref = def?.properties?.policy?.allOf?.[0]?.$ref ?? def?.properties?.policy?.$ref;
    if (typeof type === 'string' && ref === '#/definitions/ActivityPolicy') policyTypes.add(type.toLowerCase());
  }
  return policyTypes;
}

const SEVEN_DAYS_MS = 7 * 24 * 3600_000;

function pipelines(ctx: RuleContext): Resource[] {
  return [...ctx.factory.resources.pipeline.values()];
}

function inactive(a: ActivityInfo): boolean {
  return a.json.state === 'Inactive';
}

export const timeoutRetry: LintRule = {
  meta: {
    id: 'activity-timeout-retry',
    defaultSeverity: 'warning',
    summary: 'Activities that keep the default timeout and have no retry.',
    rationale:
      'Without policy.retry one transient error (a throttled call, a dropped connection) fails the activity and the run; with the default timeout (12 hours today, 7 days in older factories) a hung call holds the run, and what waits on it, for that long.',
    docs: 'Set policy.retry (1–3 for idempotent work, with retryIntervalInSeconds) and a policy.timeout a little above the longest normal duration; the quick fix adds a 1-hour timeout and one retry.',
    defaultOptions: { defaultTimeouts: ['7.00:00:00', '0.12:00:00'] },
    fixable: true,
  },
  check(ctx) {
    const types = typesWithRetryPolicy();
    const defaults = new Set<number>([DEFAULT_TIMEOUT_MS, SEVEN_DAYS_MS]);
    for (const t of (ctx.options.defaultTimeouts as unknown[]) ?? []) {
      try {
        defaults.add(parseTimeSpan(t, 'defaultTimeouts'));
      } catch {
        /* the schema rejects bad values; skip */
      }
    }
    for (const p of pipelines(ctx)) {
      for (const a of pipelineActivities(p)) {
        if (inactive(a) || !types.has(a.type.toLowerCase())) continue;
        const policy = a.json.policy && typeof a.json.policy === 'object' ? (a.json.policy as Record<string, unknown>) : {};
        const retry = policy.retry;
        if (retry !== undefined && !(retry === 0 || retry === '0')) continue;
        let timeoutMs: number;
        if (policy.timeout === undefined) timeoutMs = DEFAULT_TIMEOUT_MS;
        else {
          try {
            timeoutMs = parseTimeSpan(policy.timeout, 'policy.timeout');
          } catch {
            continue; // an expression or a bad value: the validator reports bad values
          }
        }
        if (!defaults.has(timeoutMs)) continue;
        const shown = policy.timeout === undefined ? 'the default timeout (0.12:00:00)' : `the default timeout ${JSON.stringify(policy.timeout)}`;
        ctx.report({
          resource: p,
          path: [...a.path, a.json.policy ? 'policy' : 'name'],
          activity: a.name,
          message: `Activity '${a.name}' (${a.type}) keeps ${shown} and has no retry: one transient error fails the run, and a hung call holds it for ${formatTimeSpan(timeoutMs)}. Set policy.retry and a policy.timeout that fits the work.`,
          data: { fix: 'addPolicy', activityPath: a.path },
        });
      }
    }
  },
};

export const parallelSetVariable: LintRule = {
  meta: {
    id: 'foreach-parallel-set-variable',
    defaultSeverity: 'error',
    summary: 'Set Variable inside a ForEach whose iterations run in parallel.',
    rationale:
      "Pipeline variables are shared by every iteration of a ForEach: when iterations run in parallel (isSequential false, the default) a Set Variable in one iteration overwrites the value another iteration is about to read, so the result depends on timing.",
    docs: 'Set isSequential to true (or batchCount to 1), or move the body into a child pipeline called with ExecutePipeline so each iteration has its own variables; collect results with Append Variable.',
    defaultOptions: {},
  },
  check(ctx) {
    for (const p of pipelines(ctx)) {
      for (const a of pipelineActivities(p)) {
        if (a.type !== 'SetVariable' || inactive(a)) continue;
        // The pipeline return value is written once per run; ADF still shares it, so it counts too.
        for (let c = a.container; c; c = c.container) {
          if (c.type !== 'ForEach') continue;
          const tp = (c.json.typeProperties ?? {}) as Record<string, unknown>;
          if (tp.isSequential === true || tp.batchCount === 1) break;
          if (tp.isSequential !== undefined && typeof tp.isSequential !== 'boolean') break; // an expression: cannot tell
          const variable = typeof a.json.typeProperties?.variableName === 'string' ? ` '${a.json.typeProperties.variableName}'` : '';
          ctx.report({
            resource: p,
            path: [...a.path, 'name'],
            activity: a.name,
            message: `Set Variable '${a.name}' writes the pipeline variable${variable} inside ForEach '${c.name}', whose iterations run in parallel: every iteration shares the variable, so the value read depends on timing. Set isSequential to true or move the body into a child pipeline.`,
          });
          break;
        }
      }
    }
  },
};

export const maxActivities: LintRule = {
  meta: {
    id: 'pipeline-max-activities',
    defaultSeverity: 'warning',
    summary: 'Pipelines with more activities (nested ones included) than a configurable limit.',
    rationale: 'Large pipelines are hard to review, test and rerun from a failure; ADF refuses more than 120 activities per pipeline, and factories near that limit fail to publish after one more change.',
    docs: 'Split the pipeline into child pipelines called with ExecutePipeline, or raise the rule option `max`.',
    defaultOptions: { max: 40 },
  },
  check(ctx) {
    const max = typeof ctx.options.max === 'number' ? ctx.options.max : 40;
    for (const p of pipelines(ctx)) {
      const n = pipelineActivities(p).length;
      if (n > max) ctx.report({ resource: p, path: ['properties', 'activities'], message: `Pipeline '${p.name}' has ${n} activities (nested ones included), more than ${max}. Split it into child pipelines.`, data: { count: n, max } });
    }
  },
};
