/**
 * JUnit XML for CI systems: one <testsuite> per test file, one <testcase> per test; failed expectations become
 * <failure>, tests that could not run <error>, skipped tests <skipped/>.
 */
import * as path from 'node:path';
import type { TestResult, TestSummary } from '../types';

/** Escapes text for XML attributes and content, dropping characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- XML 1.0 allows only these characters: the others are removed
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

function details(r: TestResult): string {
  return r.failures
    .map((f) => {
      const where = f.location ? ` (${f.location.file}:${f.location.line}:${f.location.column})` : '';
      const ea = f.expected !== undefined || f.actual !== undefined ? `\n  expected: ${JSON.stringify(f.expected)}\n  actual:   ${JSON.stringify(f.actual)}` : '';
      return `${f.message}${where}${ea}`;
    })
    .join('\n');
}

export function junitReport(s: TestSummary, opts: { name?: string; baseDir?: string } = {}): string {
  const byFile = new Map<string, TestResult[]>();
  for (const r of s.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="${xmlEscape(opts.name ?? 'adfw test')}" tests="${s.results.length}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}" time="${secs(s.durationMs)}">`);
  for (const [file, rs] of byFile) {
    const rel = path.relative(opts.baseDir ?? process.cwd(), file) || file;
    const count = (st: TestResult['status']) => rs.filter((r) => r.status === st).length;
    const time = rs.reduce((a, r) => a + r.durationMs, 0);
    lines.push(`  <testsuite name="${xmlEscape(rel)}" tests="${rs.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('skipped')}" time="${secs(time)}">`);
    for (const r of rs) {
      const open = `    <testcase classname="${xmlEscape(rel.replace(/\.adftest\.json$/, ''))}" name="${xmlEscape(r.name)}" time="${secs(r.durationMs)}"`;
      if (r.status === 'passed') lines.push(`${open}/>`);
      else {
        lines.push(`${open}>`);
        if (r.status === 'skipped') lines.push(`      <skipped${r.skipReason ? ` message="${xmlEscape(r.skipReason)}"` : ''}/>`);
        else {
          const tag = r.status === 'error' ? 'error' : 'failure';
          const msg = r.failures[0]?.message ?? r.error ?? r.status;
          lines.push(`      <${tag} message="${xmlEscape(msg)}" type="${r.status === 'error' ? 'TestError' : 'ExpectationFailed'}">${xmlEscape(details(r))}</${tag}>`);
        }
        if (r.runId) lines.push(`      <system-out>${xmlEscape(`pipeline ${r.pipelineName ?? ''} run ${r.runId}`)}</system-out>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
