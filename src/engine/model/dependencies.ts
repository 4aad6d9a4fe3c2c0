/**
 * ADF's dependency conditions (`dependsOn[].dependencyConditions`): the one table of which predecessor outcomes
 * each condition accepts. The run engine schedules with it and the validator checks with it.
 *
 * The values are the specification's enum, written exactly (ADF Studio writes them so; the validator has always
 * refused other spellings, and the run engine now refuses them too, with the same hint).
 */
import { closestName } from '../text';

export type DependencyCondition = 'Succeeded' | 'Failed' | 'Skipped' | 'Completed';
type Outcome = 'Succeeded' | 'Failed' | 'Skipped';

/** Condition → the predecessor statuses that satisfy it. Completed = Succeeded or Failed, never Skipped. */
export const DEPENDENCY_CONDITION_TABLE: Readonly<Record<DependencyCondition, readonly Outcome[]>> = {
  Succeeded: ['Succeeded'],
  Failed: ['Failed'],
  Skipped: ['Skipped'],
  Completed: ['Succeeded', 'Failed'],
};

export const DEPENDENCY_CONDITIONS = Object.keys(DEPENDENCY_CONDITION_TABLE) as DependencyCondition[];

/** The condition a written value names, or undefined when ADF does not know it. */
export function dependencyCondition(value: unknown): DependencyCondition | undefined {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DEPENDENCY_CONDITION_TABLE, value) ? (value as DependencyCondition) : undefined;
}

/** The known condition an unknown value probably meant ("succeeded" → "Succeeded"). */
export function dependencyConditionHint(value: unknown): DependencyCondition | undefined {
  return typeof value === 'string' ? (closestName(value, DEPENDENCY_CONDITIONS) as DependencyCondition | undefined) : undefined;
}

/** True when a predecessor's final status satisfies one of the conditions (OR); no condition means Succeeded. */
export function conditionMet(conditions: readonly string[] | undefined, status: string | undefined): boolean {
  const conds = conditions && conditions.length ? conditions : ['Succeeded'];
  return conds.some((c) => {
    const known = dependencyCondition(c);
    return known !== undefined && (DEPENDENCY_CONDITION_TABLE[known] as readonly string[]).includes(status as string);
  });
}
