/** The rule set of `adfw lint`, in documentation order. */
import type { LintRule } from '../types';
import { maxActivities, parallelSetVariable, timeoutRetry } from './activities';
import { schemaDrift } from './dataflows';
import { hardCodedEnvironment } from './environment';
import { missingDescription, namingConvention, unreachablePipeline, unusedResource } from './resources';
import { secretLiteral } from './secrets';

export const RULES: readonly LintRule[] = [
  secretLiteral,
  timeoutRetry,
  parallelSetVariable,
  unusedResource,
  unreachablePipeline,
  hardCodedEnvironment,
  missingDescription,
  maxActivities,
  namingConvention,
  schemaDrift,
];

/** Findings about suppressions themselves (no reason, unknown rule): always reported, never suppressible. */
export const INVALID_SUPPRESSION = {
  id: 'invalid-suppression',
  defaultSeverity: 'error' as const,
  summary: 'Suppressions without a reason or naming an unknown rule.',
  rationale: 'A suppression is a decision someone must be able to review later; without a reason it cannot be reviewed, and a misspelt rule id suppresses nothing.',
  docs: 'Write the suppression as "adfw-disable <rule-id>: <reason>" (annotation) or {"name": "adfw-disable", "value": "<rule-id>: <reason>"} (activity userProperties) with a rule id from `adfw lint --list-rules`.',
  defaultOptions: {},
};

export function ruleById(id: string): LintRule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

export { typesWithRetryPolicy } from './activities';
