/** Machine-readable report: the summary with every result (run records omitted, run ids kept). */
import type { TestSummary } from '../types';

export function jsonReport(s: TestSummary): string {
  return JSON.stringify(
    {
      passed: s.passed,
      failed: s.failed,
      errors: s.errors,
      skipped: s.skipped,
      durationMs: s.durationMs,
      results: s.results.map(({ run: _run, ...r }) => r),
    },
    null,
    2,
  );
}
