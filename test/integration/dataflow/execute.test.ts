import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import type { Factory } from '../../../src/engine/model/types';
import { previewDataFlow, runDataFlowActivity } from '../../../src/engine/dataflow';
import { datasetResolver } from '../../../src/engine/run/dataflowResolver';
import { ActivityFailure } from '../../../src/engine/contracts/types';

const FIXTURE = path.resolve(__dirname, '../../fixtures/dataflow');
let factory: Factory;
let outDir: string;
let resolve: ReturnType<typeof datasetResolver>;

before(async () => {
  factory = await loadFactory(path.join(FIXTURE, 'factory'));
  outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-df-'));
  resolve = datasetResolver(factory, { InFiles: { host: path.join(FIXTURE, 'data') }, OutFiles: { host: outDir } });
});
after(async () => {
  await fs.rm(outDir, { recursive: true, force: true });
});

async function preview(stream: string, dataflow = 'Orders') {
  return previewDataFlow({ factory, dataflow, stream, rows: 50, resolveDataset: resolve, workDir: outDir, now: new Date('2024-05-01T00:00:00Z') });
}
const pick = (rows: Record<string, unknown>[], ...cols: string[]) => rows.map((r) => cols.map((c) => r[c]));

test('source casts to the declared types', async () => {
  const p = await preview('Orders');
  assert.deepEqual(p.columns.map((c) => `${c.name}:${c.type}`), ['orderId:integer', 'customerId:integer', 'amount:double', 'tags:string', 'orderDate:string']);
  assert.equal(p.rowCount, 5);
});

test('derive, filter with a parameter default, join, aggregate, sort', async () => {
  assert.deepEqual(pick((await preview('Derived')).rows, 'orderId', 'day', 'big', 'label'), [
    [10, '2024-01-05', 'yes', 'o10'], [11, '2024-02-10', 'no', 'o11'], [12, '2024-01-20', 'yes', 'o12'], [13, '2024-03-01', 'yes', 'o13'], [14, '2024-03-02', 'no', 'o14'],
  ]);
  assert.deepEqual(pick((await preview('Filtered')).rows, 'orderId'), [[10], [11], [12], [13]]);
  assert.deepEqual(pick((await preview('Joined')).rows, 'orderId', 'name'), [[10, 'Ann'], [11, 'Ann'], [12, 'Bob'], [13, 'Cid']]);
  assert.deepEqual(pick((await preview('Sorted')).rows, 'country', 'total', 'orders'), [['NL', 195.5, 3], ['US', 50, 1]]);
});

test('lookup keeps unmatched rows; exists with negate keeps orphans', async () => {
  assert.deepEqual(pick((await preview('Looked')).rows, 'orderId', 'name'), [[10, 'Ann'], [11, 'Ann'], [12, 'Bob'], [13, 'Cid'], [14, null]]);
  assert.deepEqual(pick((await preview('Orphans')).rows, 'orderId'), [[14]]);
});

test('conditional split (first match) and union by name', async () => {
  assert.deepEqual(pick((await preview('Split@High')).rows, 'orderId'), [[10], [13]]);
  assert.deepEqual(pick((await preview('Split@Mid')).rows, 'orderId'), [[11], [12]]);
  assert.deepEqual(pick((await preview('Split@Low')).rows, 'orderId'), [[14]]);
  assert.deepEqual(pick((await preview('HighLow')).rows, 'orderId'), [[10], [13], [14]]);
  await assert.rejects(preview('Split'), /has branches; preview one of Split@High/);
});

test('surrogate key, window, rank', async () => {
  assert.deepEqual(pick((await preview('Keyed')).rows, 'orderId', 'sk'), [[10, 100], [11, 110], [12, 120], [13, 130], [14, 140]]);
  const w = (await preview('Windowed')).rows.sort((a, b) => Number(a.orderId) - Number(b.orderId));
  assert.deepEqual(pick(w, 'orderId', 'runningTotal', 'rn'), [[10, 100.5, 1], [11, 120.5, 2], [12, 50, 1], [13, 75, 1], [14, 5, 1]]);
  assert.deepEqual(pick((await preview('Ranked')).rows, 'orderId', 'amountRank'), [[10, 1], [13, 2], [12, 3], [11, 4], [14, 5]]);
});

test('pivot, unpivot, flatten', async () => {
  const pv = (await preview('Pivoted')).rows.sort((a, b) => String(a.country).localeCompare(String(b.country)));
  assert.deepEqual(pick(pv, 'country', 'n_yes', 'n_no'), [['NL', 2, 1], ['US', 1, 0]]);
  const up = await preview('Unpivoted');
  assert.equal(up.rowCount, 8);
  assert.deepEqual(pick(up.rows.slice(0, 2), 'id', 'field', 'value'), [[1, 'name', 'Ann'], [1, 'country', 'NL']]);
  assert.deepEqual(pick((await preview('Flattened')).rows, 'orderId', 'tag'), [[10, 'a'], [10, 'b'], [11, 'b'], [12, null], [13, 'a'], [14, 'c']]);
});

test('select, cast, parse, stringify, column patterns', async () => {
  assert.deepEqual((await preview('Selected')).columns.map((c) => c.name), ['orderId', 'total']);
  assert.deepEqual(pick((await preview('Casted')).rows, 'amount'), [[100], [20], [50], [75], [5]]);
  assert.deepEqual((await preview('Parsed')).rows[0].parsed, { a: 1, b: 'x' });
  assert.equal((await preview('Stringified')).rows[0].back, '{"a":1,"b":"x"}');
  const pat = await preview('Patterned');
  assert.deepEqual(pick(pat.rows.slice(0, 1), 'tags_up', 'orderDate_up'), [['A;B', '2024-01-05']]);
});

test('alter row: the sink leaves out rows marked delete; assert passes', async () => {
  assert.deepEqual(pick((await preview('AlteredSink')).rows, 'orderId'), [[10], [11], [12], [13]]);
  assert.equal((await preview('Asserted')).rowCount, 5);
});

test('a failing assert fails with its id; unsupported and unknown functions are named', async () => {
  await assert.rejects(preview('Checked', 'FailingAssert'), (e: unknown) => e instanceof ActivityFailure && e.errorCode === 'DF-Executor-AssertFailed' && /'bigOrders'.*3 row/.test(e.message));
  await assert.rejects(preview('Broken', 'FailingAssert'), (e: unknown) => e instanceof ActivityFailure && /line 3, column 19\): Unknown function noSuchFunction\(\)/.test(e.message));
  await assert.rejects(preview('Rejected', 'FailingAssert'), /crc32\(\) is not supported by the local data flow engine/);
  await assert.rejects(preview('NoSuchStream'), /has no stream 'NoSuchStream'/);
});

test('runDataFlowActivity writes the sinks through the connectors and reports ADF output', async () => {
  const ac = new AbortController();
  const out = (await runDataFlowActivity(factory, { dataflow: { referenceName: 'Orders', type: 'DataFlowReference', parameters: { minAmount: '25' } } }, { signal: ac.signal, log: () => {}, progress: () => {}, workDir: outDir, now: () => new Date('2024-05-01T00:00:00Z') }, resolve)) as any;
  const m = out.runStatus.metrics;
  assert.equal(m.AlteredSink.rowsWritten, 4);
  assert.deepEqual(m.AlteredSink.sources, { Orders: { rowsRead: 5 } });
  // minAmount = 25 keeps orders 10, 12 and 13: NL 175.5 (2 orders), US 50.
  assert.equal(m.ByCountrySink.rowsWritten, 2);
  assert.equal(m.ByCountrySink.stages[0].streams.Filtered.count, 3);
  assert.equal(m.ByCountrySink.stages[0].streams.Orders.type, 'source');
  const csv = await fs.readFile(path.join(outDir, 'altered.csv'), 'utf8');
  assert.equal(csv.trim().split(/\r?\n/).length, 5);
  assert.match(csv, /^orderId,customerId,amount,tags,orderDate/);
  const json = (await fs.readFile(path.join(outDir, 'bycountry.json'), 'utf8')).trim().split(/\r?\n/).map((l) => JSON.parse(l));
  assert.deepEqual(json, [{ country: 'NL', total: 175.5, orders: 2 }, { country: 'US', total: 50, orders: 1 }]);
});

test('flowlets: inputs bound to the caller stream, outputs become branches', async () => {
  assert.deepEqual(pick((await preview('Clean@dutch', 'WithFlowlet')).rows, 'id', 'name', 'country'), [[1, 'ANN', 'nl'], [3, 'CID', 'nl']]);
  assert.deepEqual(pick((await preview('OthersSorted', 'WithFlowlet')).rows, 'id', 'name', 'country'), [[2, 'BOB', 'us'], [4, 'DEE', 'fr']]);
});

test('source wildcardPaths read every matching file through the connector', async () => {
  assert.deepEqual(pick((await preview('Totals', 'Wildcards')).rows, 'files', 'total'), [[3, 60]]);
});

test('preview with a source row limit samples each source like ADF debug', async () => {
  const p = await previewDataFlow({ factory, dataflow: 'Orders', stream: 'Orders', rows: 50, sourceRows: 2, resolveDataset: resolve, workDir: outDir });
  assert.deepEqual(pick(p.rows, 'orderId'), [[10], [11]]);
});

test('rowUrlColumn names the file each row came from', async () => {
  assert.deepEqual(pick((await preview('PerFileSorted', 'Wildcards')).rows, 'file', 'rows'), [['/parts/2024/feb.csv', 1], ['/parts/2024/jan.csv', 2]]);
});

test('a sink without upsert/update permission leaves out rows an alter row marked for upsert', async () => {
  const f2 = await loadFactory(path.join(FIXTURE, 'factory'));
  const df = f2.resources.dataflow.get('Orders')!;
  const tp = df.properties.typeProperties;
  tp.scriptLines = tp.scriptLines.map((l: string) => (l === '\tupsertable: true,' ? '\tupsertable: false,' : l));
  const p = await previewDataFlow({ factory: f2, dataflow: 'Orders', stream: 'AlteredSink', rows: 50, resolveDataset: resolve, workDir: outDir });
  assert.equal(p.rowCount, 0);
});

test('cached lookups read cache sinks computed first', async () => {
  assert.deepEqual(pick((await preview('Enriched', 'CachedLookups')).rows, 'orderId', 'customer', 'shareOfMax', 'firstMax'), [
    [10, 'Ann', 1, 100.5], [11, 'Ann', 0.199, 100.5], [12, 'Bob', 0.498, 100.5], [13, 'Cid', 0.746, 100.5], [14, null, 0.05, 100.5],
  ]);
});
