/** Shared helpers of the semantic rules: where to report (severity from the diagnostic catalogue), and limits. */
import type { Diagnostic, Severity } from '../diagnostics';
import { rangeAt } from '../json';
import { severityOf } from '../codes';
import type { Resource } from '../model/types';

/** Stable codes of the semantic rules (band ADF2xxx): the catalogue's table. */
export { SemanticCodes } from '../codes';

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
export function at(resource: Resource, path: (string | number)[], code: string, message: string, severity: Severity = severityOf(code), data?: Record<string, unknown>): Diagnostic {
  const r = rangeAt(resource.doc, path);
  return { file: resource.file, offset: r.offset, length: r.length, severity, code, source: 'semantic', message, path, ...(data ? { data } : {}) };
}
