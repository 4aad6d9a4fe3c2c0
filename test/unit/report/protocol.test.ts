import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromMonitor, parseToMonitor, parseFilters } from '../../../src/webview/monitor/protocol';
import { parseFromGraph, parseToGraph } from '../../../src/webview/graph/protocol';
import { matchesFilters } from '../../../src/engine/report/view';
import type { PipelineRun } from '../../../src/engine/contracts/types';

test('messages from the monitor webview are validated', () => {
  assert.deepEqual(parseFromMonitor({ type: 'select', runId: 'r1' }), { type: 'select', runId: 'r1' });
  assert.deepEqual(parseFromMonitor({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.equal(parseFromMonitor({ type: 'select' }), undefined);
  assert.deepEqual(parseFromMonitor({ type: 'createTest', runId: 'r1' }), { type: 'createTest', runId: 'r1' });
  assert.equal(parseFromMonitor({ type: 'createTest' }), undefined);
  assert.equal(parseFromMonitor({ type: 'select', runId: '' }), undefined);
  assert.equal(parseFromMonitor({ type: 'cancel', runId: 'x'.repeat(500) }), undefined);
  assert.equal(parseFromMonitor({ type: 'runCommand', command: 'workbench.action.terminal.new' }), undefined);
  assert.equal(parseFromMonitor('select'), undefined);
  assert.equal(parseFromMonitor(null), undefined);
  assert.deepEqual(parseFromMonitor({ type: 'filters', filters: { pipeline: 'p', hours: 24, origin: 'local', junk: 1 } }), { type: 'filters', filters: { pipeline: 'p', hours: 24, origin: 'local' } });
  assert.equal(parseFromMonitor({ type: 'filters', filters: { hours: -1 } }), undefined);
  assert.equal(parseFromMonitor({ type: 'filters', filters: { origin: 'mars' } }), undefined);
  assert.equal(parseFilters({ pipeline: 5 }), undefined);
});

test('messages to the monitor webview are validated', () => {
  const run = { runId: 'r', pipelineName: 'p', status: 'Succeeded' };
  const ok = parseToMonitor({ type: 'update', runs: [run], state: { filters: {}, selectedRunId: 'r' }, now: 1, trusted: true });
  assert.equal(ok?.runs.length, 1);
  assert.equal(parseToMonitor({ type: 'update', runs: [{ runId: 'r' }], state: {}, now: 1, trusted: true }), undefined);
  assert.equal(parseToMonitor({ type: 'update', runs: [run], state: {}, now: '1', trusted: true }), undefined);
  assert.equal(parseToMonitor({ type: 'update', runs: [run], selected: { pipelineRun: run, activityRuns: [{}] }, state: {}, now: 1, trusted: true }), undefined);
});

test('graph messages are validated', () => {
  assert.deepEqual(parseFromGraph({ type: 'reveal', nodeId: 'A/B' }), { type: 'reveal', nodeId: 'A/B' });
  assert.equal(parseFromGraph({ type: 'reveal', nodeId: 3 }), undefined);
  assert.equal(parseToGraph({ type: 'model', model: { nodes: [{ id: 'a', label: 'a' }], edges: [] } }), undefined);
  assert.equal(parseToGraph({ type: 'model', model: { nodes: [], edges: [{ from: 'a', to: 1 }] } }), undefined);
  assert.ok(parseToGraph({ type: 'model', model: { title: 't', nodes: [{ id: 'a', label: 'a', kind: 'activity', source: { offset: 1 } }], edges: [{ from: 'a', to: 'a', label: 'Succeeded' }] } }));
  assert.deepEqual(parseToGraph({ type: 'status', statuses: { a: 'Failed' } }), { type: 'status', statuses: { a: 'Failed' } });
  assert.equal(parseToGraph({ type: 'status', statuses: { a: 1 } }), undefined);
  const coverage = { marks: { a: 'cov-covered' }, notes: { a: 'Coverage: ran 1 time' }, summary: 'Test coverage: activities 1/1' };
  assert.deepEqual(parseToGraph({ type: 'coverage', coverage }), { type: 'coverage', coverage });
  assert.deepEqual(parseToGraph({ type: 'coverage', coverage: null }), { type: 'coverage', coverage: null });
  assert.equal(parseToGraph({ type: 'coverage', coverage: { ...coverage, marks: { a: 1 } } }), undefined);
  assert.equal(parseToGraph({ type: 'coverage', coverage: { marks: {}, notes: {} } }), undefined);
  assert.equal(parseToGraph({ type: 'coverage' }), undefined);
});

test('run filters: pipeline, status, origin and time window', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  const r = (over: Partial<PipelineRun>): PipelineRun => ({ runId: 'x', runGroupId: 'x', isLatest: true, pipelineName: 'p', parameters: {}, invokedBy: { name: 'Manual', id: 'm', invokedByType: 'Manual' }, lastUpdated: '2026-01-01T23:30:00Z', runStart: '2026-01-01T23:30:00Z', status: 'Succeeded', message: '', ...over });
  assert.ok(matchesFilters(r({}), {}, now));
  assert.ok(!matchesFilters(r({}), { pipeline: 'q' }, now));
  assert.ok(!matchesFilters(r({}), { status: 'Failed' }, now));
  assert.ok(matchesFilters(r({}), { hours: 1 }, now));
  assert.ok(!matchesFilters(r({ runStart: '2026-01-01T20:00:00Z' }), { hours: 1 }, now));
  assert.ok(!matchesFilters(r({}), { origin: 'remote' }, now));
  assert.ok(matchesFilters(r({ 'adfw:origin': 'remote' }), { origin: 'remote' }, now));
});

test('the paused mark of the debugger in monitor updates is validated', () => {
  const base = { type: 'update', runs: [], state: { filters: {} }, now: 1, trusted: true };
  assert.deepEqual(parseToMonitor({ ...base, paused: { r1: ['A', 'B'] } })?.paused, { r1: ['A', 'B'] });
  assert.equal(parseToMonitor({ ...base }) !== undefined && !('paused' in parseToMonitor({ ...base })!), true);
  assert.equal(parseToMonitor({ ...base, paused: { r1: 'A' } }), undefined);
  assert.equal(parseToMonitor({ ...base, paused: [['A']] }), undefined);
});
