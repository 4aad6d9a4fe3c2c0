/**
 * Coverage of pipeline tests: what is counted (activities, branches, dependency conditions, loop bodies), from real
 * test runs on the engine, and the outputs (summary, LCOV, HTML).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CoverageCollector, coverageHtml, coverageReport, coverageSummary, toLcov, type CoverageReport } from '../../../src/engine/coverage';
import { runTests } from '../../../src/engine/testing';
import type { Factory } from '../../../src/engine/model';

const ROOT = path.resolve(__dirname, '../../..');

async function coverageOf(dir: string): Promise<CoverageReport> {
  const collector = new CoverageCollector();
  const factories = new Map<string, Promise<Factory>>();
  const summary = await runTests([dir], { engine: { onEvent: collector.onEvent }, keepRuns: false }, factories);
  assert.equal(summary.failed + summary.errors, 0, JSON.stringify(summary.results.filter((r) => r.status !== 'passed').map((r) => r.failures)));
  return coverageReport(collector, await Promise.all(factories.values()));
}

test('partial coverage: exactly the items the two tests did not reach are uncovered', async () => {
  const report = await coverageOf(path.join(ROOT, 'test/fixtures/coverage/partial'));
  const [branches, untested] = report.factories[0].pipelines;
  assert.equal(branches.pipeline, 'Branches');
  const un = (items: { covered: boolean }[], label: (x: any) => string) => items.filter((i) => !i.covered).map(label);
  assert.deepEqual(un(branches.activities, (a) => a.activity), ['CaseOther', 'OnFailure']);
  assert.deepEqual(un(branches.branches, (b) => `${b.activity}:${b.branch}`), ['Route:default']);
  assert.deepEqual(un(branches.conditions, (c) => `${c.activity}<-${c.dependsOn}:${c.condition}`), ['OnFailure<-Route:Failed', 'OnFailure<-Route:Skipped']);
  assert.deepEqual(un(branches.loops, (l) => l.activity), []);
  assert.deepEqual(branches.summary, { activities: { covered: 10, total: 12 }, branches: { covered: 4, total: 5 }, conditions: { covered: 4, total: 6 }, loops: { covered: 1, total: 1 } });
  // Hits: the ForEach body ran twice (two items), the If took each branch once.
  assert.equal(branches.activities.find((a) => a.activity === 'Inner')!.hits, 2);
  assert.deepEqual(branches.branches.filter((b) => b.activity === 'Check').map((b) => b.hits), [1, 1]);
  assert.deepEqual(untested.summary.activities, { covered: 0, total: 1 });
  assert.deepEqual(report.totals.activities, { covered: 10, total: 13 });
  // Lines point at the items in the JSON.
  assert.equal(branches.activities.find((a) => a.activity === 'Start')!.line, 6);
  assert.equal(branches.branches.find((b) => b.branch === 'default')!.line, 30);
});

test('the control-flow sample reaches 100 % with its tests, child pipeline included', async () => {
  const report = await coverageOf(path.join(ROOT, 'samples/control-flow'));
  assert.deepEqual(report.factories[0].pipelines.map((p) => p.pipeline), ['Orchestrate', 'ProcessOrderFile']);
  for (const k of ['activities', 'branches', 'conditions', 'loops'] as const) assert.equal(report.totals[k].covered, report.totals[k].total, k);
  assert.deepEqual(report.totals, { activities: { covered: 22, total: 22 }, branches: { covered: 7, total: 7 }, conditions: { covered: 12, total: 12 }, loops: { covered: 2, total: 2 } });
});

test('summary table, LCOV records and a script-free HTML page', async () => {
  const report = await coverageOf(path.join(ROOT, 'test/fixtures/coverage/partial'));
  assert.deepEqual(coverageSummary(report).split('\n'), [
    'pipeline        activities  branches  conditions  loop bodies',
    'Branches       10/12 83.3%   4/5 80%   4/6 66.6%     1/1 100%',
    'Untested            0/1 0%         –           –            –',
    'all pipelines  10/13 76.9%   4/5 80%   4/6 66.6%     1/1 100%',
  ]);
  const lcov = toLcov(report, ROOT);
  const records = lcov.trim().split('end_of_record').filter((r) => r.trim());
  assert.equal(records.length, 2);
  const first = records[0].trim().split('\n');
  assert.equal(first[1], 'SF:test/fixtures/coverage/partial/pipeline/Branches.json');
  assert.ok(first.includes('FN:6,Start') && first.includes('FNDA:2,Start') && first.includes('FNF:12') && first.includes('FNH:10'), records[0]);
  assert.ok(first.includes('BRF:11') && first.includes('BRH:8'), records[0]);
  assert.ok(first.some((l) => /^BRDA:30,\d+,default,-$/.test(l)), 'the untaken default branch has "-" hits');
  for (const l of first.filter((x) => x.startsWith('DA:'))) assert.match(l, /^DA:\d+,\d+$/);
  const html = coverageHtml(report, { now: '2024-01-01T00:00:00Z' });
  assert.ok(!/<script/i.test(html));
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.match(html, /CaseOther \(Wait\)<\/td><td class="num">\d+<\/td><td class="uncovered">not covered/);
});

test('coverage on the pipeline graph: nodes and If/Switch branch groups marked from the report, with hits and missed conditions', async () => {
  const { graphCoverage, pipelineCoverageOf } = await import('../../../src/engine/coverage');
  const { pipelineGraph } = await import('../../../src/engine/graph');
  const { loadFactory } = await import('../../../src/engine/model');
  const dir = path.join(ROOT, 'test/fixtures/coverage/partial');
  const report = await coverageOf(dir);
  const factory = await loadFactory(dir);
  const pipeline = factory.resources.pipeline.get('Branches')!;
  const pc = pipelineCoverageOf(report, pipeline.file)!;
  assert.equal(pc.pipeline, 'Branches');
  assert.equal(pipelineCoverageOf(report, path.join(dir, 'pipeline', 'Nope.json')), undefined);
  assert.equal(pipelineCoverageOf(undefined, pipeline.file), undefined);
  const model = pipelineGraph(pipeline);
  const g = graphCoverage(model, pc);
  // Every activity node and every branch group gets a mark; exactly the uncovered items of the report are uncovered.
  const marked = model.nodes.filter((n) => g.marks[n.id]);
  assert.equal(marked.length, model.nodes.length, `unmarked: ${model.nodes.filter((n) => !g.marks[n.id]).map((n) => n.id)}`);
  const uncovered = Object.entries(g.marks).filter(([, m]) => m === 'cov-uncovered').map(([id]) => id).sort();
  const expected = [
    ...pc.activities.filter((a) => !a.covered).map((a) => model.nodes.find((n) => n.kind !== 'branch' && n.label === a.activity)!.id),
    ...pc.branches.filter((b) => !b.covered).map((b) => model.nodes.find((n) => n.kind === 'branch' && n.id.endsWith('#Default') && n.parent?.endsWith(b.activity))!.id),
  ].sort();
  assert.deepEqual(uncovered, expected);
  assert.ok(uncovered.some((id) => id.endsWith('#Default')), 'the Switch default branch was never taken');
  const inner = model.nodes.find((n) => n.label === 'Inner')!;
  assert.equal(g.notes[inner.id], 'Coverage: ran 2 times');
  const onFailure = model.nodes.find((n) => n.label === 'OnFailure')!;
  assert.equal(g.notes[onFailure.id], 'Coverage: not run by any test\nconditions never fired: Route Failed, Route Skipped');
  const check = model.nodes.filter((n) => n.kind === 'branch' && n.parent?.endsWith('Check'));
  assert.deepEqual(check.map((n) => `${n.label}:${g.marks[n.id]}:${g.notes[n.id]}`), ['True:cov-covered:Coverage: branch taken 1 time', 'False:cov-covered:Coverage: branch taken 1 time']);
  assert.equal(g.summary, 'Test coverage: activities 10/12, branches 4/5, conditions 4/6, loop bodies 1/1');
});
