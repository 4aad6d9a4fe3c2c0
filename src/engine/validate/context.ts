/** Shared helpers of the semantic rules: where to report, and the catalogue of semantic codes. */
import type { Diagnostic, Severity } from '../diagnostics';
import { rangeAt } from '../json';
import type { Resource } from '../model/types';

/** Stable codes of the semantic rules (band ADF2xxx). */
export const SemanticCodes = {
  unresolvedReference: 'ADF2001',
  duplicateResourceName: 'ADF2002',
  invalidResourceName: 'ADF2003',
  duplicateActivityName: 'ADF2010',
  invalidActivityName: 'ADF2011',
  unknownDependency: 'ADF2020',
  dependencyCycle: 'ADF2021',
  unknownDependencyCondition: 'ADF2022',
  completionWithOutcome: 'ADF2023',
  undeclaredParameter: 'ADF2030',
  undeclaredVariable: 'ADF2031',
  variableType: 'ADF2032',
  returnValue: 'ADF2033',
  unknownActivity: 'ADF2034',
  activityNotUpstream: 'ADF2035',
  undeclaredGlobalParameter: 'ADF2036',
  undeclaredDatasetParameter: 'ADF2037',
  forbiddenNesting: 'ADF2040',
  tooManyActivities: 'ADF2041',
  batchCountLimit: 'ADF2042',
  tooManyParameters: 'ADF2043',
  validationInContainer: 'ADF2044',
  unknownType: 'ADF2050',
  missingPipelineParameter: 'ADF2051',
  missingReferenceParameter: 'ADF2052',
  unknownReturnValueKey: 'ADF2038',
} as const;

/** ADF service limits (https://learn.microsoft.com/azure/data-factory limits and control-flow docs). */
export const Limits = {
  /** Activities per pipeline, inner activities of containers included. */
  activitiesPerPipeline: 120,
  parametersPerPipeline: 50,
  forEachBatchCount: 50,
  activityNameLength: 55,
  resourceNameLength: 140,
} as const;

export type Report = (d: Diagnostic) => void;

/** A diagnostic at a JSON path of a resource (the value's range, or its key for objects/arrays). */
export function at(resource: Resource, path: (string | number)[], code: string, message: string, severity: Severity = 'error', data?: Record<string, unknown>): Diagnostic {
  const r = rangeAt(resource.doc, path);
  return { file: resource.file, offset: r.offset, length: r.length, severity, code, source: 'semantic', message, path, ...(data ? { data } : {}) };
}
