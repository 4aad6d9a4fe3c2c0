/** Small pieces: time spans, the secret masker, connection files with ${env:X}. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseTimeSpan, formatTimeSpan, loadConnections } from '../../../src/engine/run';
import { Masker } from '../../../src/engine/run/secrets';
import { progressLine, summaryTable, formatDuration } from '../../../src/engine/run/format';
import { runActivities, act, wait, cleanup } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'adfw-pieces-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanup();
});

describe('time spans', () => {
  test('d.hh:mm:ss, hh:mm:ss and fractions', () => {
    assert.equal(parseTimeSpan('0.12:00:00', 't'), 12 * 3600_000);
    assert.equal(parseTimeSpan('7.00:00:00', 't'), 7 * 86400_000);
    assert.equal(parseTimeSpan('00:01:30', 't'), 90_000);
    assert.equal(parseTimeSpan('0.00:00:00.5', 't'), 500);
    assert.equal(formatTimeSpan(90_061_000), '1.01:01:01');
  });
  test('bad values name the property and the expected form', () => {
    assert.throws(() => parseTimeSpan('12h', 'policy.timeout'), /policy\.timeout must be a time span "d\.hh:mm:ss"/);
    assert.throws(() => parseTimeSpan('0.00:61:00', 'policy.timeout'), /below 60/);
    assert.throws(() => parseTimeSpan(null, 'x'), /x must be a time span/);
  });
});

describe('Masker', () => {
  test('masks registered secrets, connection-string parts, SAS signatures and bearer tokens anywhere in a value', () => {
    const m = new Masker();
    m.addSecret('Endpoint=x;AccountKey=abcdEFGH1234==;Other=1');
    m.addSecret('https://a.blob.core.windows.net/c?sv=1&sig=S1G%2Bxyz');
    m.addSecret('Bearer eyJhbGciOi.payload.sig');
    const v = m.mask({ a: ['key abcdEFGH1234== here'], b: 'sig S1G+xyz and S1G%2Bxyz', c: 'token eyJhbGciOi.payload.sig', 'abcdEFGH1234==': 1 });
    assert.deepEqual(v, { a: ['key *** here'], b: 'sig *** and ***', c: 'token ***', '***': 1 });
  });
  test('short values and non-strings are not treated as secrets; secrets are found by key name', () => {
    const m = new Masker();
    m.addSecret('ab');
    assert.equal(m.size, 0);
    m.addByKeyNames({ host: 'h', nested: { password: 'pw-123456', accountKey: { type: 'SecureString', value: 'k-987654' } } });
    assert.equal(m.maskText('h pw-123456 k-987654'), 'h *** ***');
  });
});

describe('loadConnections', () => {
  test('substitutes ${env:X}; missing variables, bad JSON and wrong shapes are clear errors', async () => {
    const ok = path.join(dir, 'ok.json');
    writeFileSync(ok, '// local\n{ "Ls": { "connectionString": "AccountKey=${env:K};x=${env:K}" } }');
    assert.deepEqual(await loadConnections(ok, { K: 'v1' }), { Ls: { connectionString: 'AccountKey=v1;x=v1' } });
    await assert.rejects(loadConnections(ok, {}), /ok\.json: Ls\.connectionString: environment variable K is not set/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{\n "Ls": {,}\n}');
    await assert.rejects(loadConnections(bad, {}), /bad\.json:2:/);
    const shape = path.join(dir, 'shape.json');
    writeFileSync(shape, '{"Ls": "text"}');
    await assert.rejects(loadConnections(shape, {}), /"Ls" must be an object/);
    await assert.rejects(loadConnections(path.join(dir, 'missing.json'), {}), /Cannot read connections file/);
  });
});

describe('terminal output', () => {
  test('progress lines for transitions and progress, and a summary table', async () => {
    const lines: string[] = [];
    const r = await runActivities([wait('A'), act('Boom', 'Fail', { message: 'no luck', errorCode: 'E1' }, { A: 'Succeeded' })], { onEvent: (e) => { const l = progressLine(e); if (l) lines.push(l.slice(9)); } });
    assert.deepEqual(lines.slice(1, -1), ['  > A (Wait) started', `  + A Succeeded ${formatDuration(r.activityRuns[0].durationInMs)}`, '  > Boom (Fail) started', `  x Boom Failed ${formatDuration(r.activityRuns[1].durationInMs)}: E1: no luck`]);
    assert.equal(progressLine({ type: 'activityProgress', runId: 'r', activityRunId: 'id1', progress: { rowsRead: 10, rowsCopied: 9, nested: {} } }, () => 'CopyOrders')!.slice(9), '  ~ CopyOrders rowsRead=10 rowsCopied=9');
    const table = summaryTable(r.pipelineRun, r.activityRuns).split('\n');
    assert.match(table[0], /^Activity +Type +Status +Duration +Error$/);
    assert.match(table[3], /^Boom +Fail +Failed +\d+ ms +E1: no luck|^Boom +Fail +Failed +\d+ ms +no luck/);
    assert.match(table.at(-1)!, /Operation on target Boom failed: no luck/);
    assert.equal(formatDuration(61_500), '1 min 02 s');
  });
});
