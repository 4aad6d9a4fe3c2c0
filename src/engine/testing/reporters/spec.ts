/** Human-readable report: one line per test, failures with expected/actual and their position. */
import * as path from 'node:path';
import type { TestResult, TestSummary } from '../types';

const MARK: Record<TestResult['status'], string> = { passed: '✔', failed: '✖', error: '✖', skipped: '-' };

/** One line for a finished test (streamed while the suite runs). */
export function specLine(r: TestResult): string {
  const extra = r.status === 'skipped' ? ` (skipped${r.skipReason ? `: ${r.skipReason}` : ''})` : r.status === 'error' ? ' (error)' : '';
  return `${MARK[r.status]} ${r.fullName}${extra} ${r.durationMs} ms`;
}

const fmt = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v, null, 2).split('\n').join('\n        '));

/** Failure details and the totals, printed after the run. */
export function specSummary(s: TestSummary, baseDir = process.cwd()): string {
  const lines: string[] = [];
  const bad = s.results.filter((r) => r.status === 'failed' || r.status === 'error');
  if (bad.length) lines.push('', 'Failures:');
  bad.forEach((r, i) => {
    lines.push('', `${i + 1}) ${r.fullName}${r.runId ? `  [run ${r.runId}]` : ''}`);
    for (const f of r.failures) {
      const where = f.location ? `${path.relative(baseDir, f.location.file) || f.location.file}:${f.location.line}:${f.location.column}` : '';
      lines.push(`   ${f.message}${where ? `  (${where})` : ''}`);
      if (f.expected !== undefined || f.actual !== undefined) {
        lines.push(`     expected: ${fmt(f.expected)}`);
        lines.push(`     actual:   ${fmt(f.actual)}`);
      }
    }
  });
  lines.push('', `${s.results.length} test(s): ${s.passed} passed, ${s.failed} failed, ${s.errors} error(s), ${s.skipped} skipped (${s.durationMs} ms)`);
  return lines.join('\n');
}
