import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { junitReport, xmlEscape } from '../../../src/engine/testing/reporters/junit';
import { jsonReport } from '../../../src/engine/testing/reporters/json';
import { specSummary } from '../../../src/engine/testing/reporters/spec';
import { summarize } from '../../../src/engine/testing/runner';
import type { TestResult } from '../../../src/engine/testing/types';

const results: TestResult[] = [
  { file: '/w/tests/a.adftest.json', name: 'ok <1>', fullName: 'a › ok', status: 'passed', durationMs: 12, failures: [] },
  {
    file: '/w/tests/a.adftest.json', name: 'bad & "quoted"', fullName: 'a › bad', status: 'failed', durationMs: 3, runId: 'r1', pipelineName: 'P',
    failures: [{ path: 'status', message: 'Pipeline status is Failed, expected Succeeded: x < y', expected: 'Succeeded', actual: 'Failed', location: { file: '/w/tests/a.adftest.json', offset: 1, length: 2, line: 3, column: 4 } }],
  },
  { file: '/w/tests/b.adftest.json', name: 'cannot', fullName: 'b › cannot', status: 'error', durationMs: 0, failures: [{ path: '', message: 'bad\u0001file' }], error: 'bad file' },
  { file: '/w/tests/b.adftest.json', name: 'later', fullName: 'b › later', status: 'skipped', skipReason: 'wip', durationMs: 0, failures: [] },
];

test('JUnit XML parses, counts and escapes', () => {
  const xml = junitReport(summarize(results, 15), { baseDir: '/w' });
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level: string, msg: string) => { if (level !== 'warning') errors.push(msg); } } as any).parseFromString(xml, 'text/xml');
  assert.deepEqual(errors, []);
  const root = doc.documentElement!;
  assert.equal(root.getAttribute('tests'), '4');
  assert.equal(root.getAttribute('failures'), '1');
  assert.equal(root.getAttribute('errors'), '1');
  assert.equal(root.getAttribute('skipped'), '1');
  const suites = doc.getElementsByTagName('testsuite');
  assert.equal(suites.length, 2);
  assert.equal(suites[0].getAttribute('name'), 'tests/a.adftest.json');
  const cases = doc.getElementsByTagName('testcase');
  assert.equal(cases[1].getAttribute('name'), 'bad & "quoted"');
  const failure = cases[1].getElementsByTagName('failure')[0];
  assert.match(failure.getAttribute('message')!, /x < y/);
  assert.match(failure.textContent!, /expected: "Succeeded"/);
  assert.equal(cases[3].getElementsByTagName('skipped')[0].getAttribute('message'), 'wip');
  assert.equal(xmlEscape('a\u0000b<'), 'ab&lt;');
});

test('JSON and spec reports', () => {
  const s = summarize(results.map((r) => ({ ...r, run: { pipelineRun: {} as any, activityRuns: [] } })), 15);
  const j = JSON.parse(jsonReport(s));
  assert.equal(j.failed, 1);
  assert.equal(j.results[0].run, undefined);
  const spec = specSummary(s, '/w');
  assert.match(spec, /1\) a › bad {2}\[run r1\]/);
  assert.match(spec, /tests\/a\.adftest\.json:3:4/);
  assert.match(spec, /4 test\(s\): 1 passed, 1 failed, 1 error\(s\), 1 skipped/);
});
