import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, createWriteStream } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadFactory } from '../../../src/engine/model/loader';
import type { Factory } from '../../../src/engine/model/types';
import { previewDataFlow, runDataFlowActivity } from '../../../src/engine/dataflow';
import { datasetResolver } from '../../../src/engine/run/dataflowResolver';

const FIXTURE = path.resolve(__dirname, '../../fixtures/dataflow');
let root: string;
let data: string;
let out: string;
let factory: Factory;
let resolve: ReturnType<typeof datasetResolver>;

// Awkward delimited text as ADF writes it (backslash escapes the quote): quotes, delimiters and line breaks inside
// quoted fields, empty fields (NULL), a blank line, unicode, numbers beyond 2^53 and beyond 64 bits, a short row.
const CSV = [
  'id,name,amount,big,note',
  '1,"say \\"hi\\", ok",12.5,9007199254740993,plain',
  '2,"two\nlines",,12345678901234567890123,"ünïcødé 😀 ✓"',
  '',
  '3,,-0.001,-9223372036854775808,',
  '4,"",1e3,0,"a,b;c"',
  '5,short',
].join('\r\n') + '\r\n';

const JSONL = [
  { id: 1, name: 'say "hi"\nthere', when: '2024-01-05', ts: '2024-01-05T10:00:00Z', n: null, u: 'ünï 😀', nested: { x: [1, 2], y: 'z' }, flag: true },
  { id: 2, name: null, when: 'not a date', ts: null, n: 1.5, u: '', nested: null, flag: false },
  { id: 3, name: '', when: '2024-02-30', ts: '2024-01-06T00:00:00Z', n: -2, u: 'a\tb', nested: { x: [], y: null }, flag: null },
].map((o) => JSON.stringify(o)).join('\n') + '\n';

function ds(name: string, type: string, file: string, extra: Record<string, unknown> = {}) {
  return { name, properties: { type, linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', fileName: file }, ...extra } } };
}
const CSV_SETTINGS = { columnDelimiter: ',', escapeChar: '\\', quoteChar: '"', firstRowAsHeader: true };

function flow(name: string, source: string, lines: string[]) {
  return { name, properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'S', dataset: { referenceName: source, type: 'DatasetReference' } }], sinks: [], scriptLines: lines } } };
}

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dfpush-'));
  data = path.join(root, 'data');
  out = path.join(root, 'out');
  const f = path.join(root, 'factory');
  for (const d of ['dataflow', 'dataset', 'linkedService']) await fs.mkdir(path.join(f, d), { recursive: true });
  await fs.mkdir(path.join(data, 'parts'), { recursive: true });
  await fs.mkdir(out);
  await fs.writeFile(path.join(data, 'awkward.csv'), CSV);
  await fs.writeFile(path.join(data, 'awkward.csv.gz'), gzipSync(CSV));
  await fs.writeFile(path.join(data, 'noheader.csv'), CSV.split('\r\n').slice(1).join('\r\n'));
  await fs.writeFile(path.join(data, 'semicolon.csv'), 'a;b\r\n"x;y";\r\n1;2\r\n');
  await fs.writeFile(path.join(data, 'latin1.csv'), Buffer.from('name,city\r\nJosé,Malmö\r\n', 'latin1'));
  await fs.writeFile(path.join(data, 'empty.csv'), '');
  await fs.writeFile(path.join(data, 'header-only.csv'), 'id,name,amount,big,note\r\n');
  await fs.writeFile(path.join(data, 'parts', 'p1.csv'), 'id,v\n1,a\n2,b\n');
  await fs.writeFile(path.join(data, 'parts', 'p2.csv'), 'id,v,extra\n3,c,x\n');
  await fs.writeFile(path.join(data, 'parts', 'p3.csv'), '');
  await fs.writeFile(path.join(data, 'awkward.json'), JSONL);
  await fs.writeFile(path.join(data, 'array.json'), JSON.stringify([{ a: 1, b: 'x' }, { a: 2, b: 'y"z' }]));
  // Parquet written by DuckDB itself: integers, decimals, text with line breaks and unicode, NULLs, booleans.
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  await conn.run(`COPY (SELECT * FROM (VALUES (1::BIGINT, 'a "q"' || chr(10) || 'b', 12.50::DECIMAL(18,2), TRUE), (2, NULL, NULL, FALSE), (9007199254740993, 'ünï 😀', -0.01, NULL)) v(id, name, amount, flag)) TO '${path.join(data, 'awkward.parquet').replace(/'/g, "''")}' (FORMAT parquet)`);
  conn.closeSync();
  inst.closeSync();

  const w = (p: string, o: unknown) => fs.writeFile(path.join(f, `${p}.json`), JSON.stringify(o));
  await w('linkedService/Files', { name: 'Files', properties: { type: 'FileServer', typeProperties: { host: data } } });
  await w('linkedService/Out', { name: 'Out', properties: { type: 'FileServer', typeProperties: { host: out } } });
  const sinkDs = (name: string, type: string, file: string, extra: Record<string, unknown> = {}) => ({ name, properties: { type, linkedServiceName: { referenceName: 'Out', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', folderPath: 'sub/dir', fileName: file }, ...extra } } });
  await w('dataset/OutCsv', sinkDs('OutCsv', 'DelimitedText', 'out.csv', CSV_SETTINGS));
  await w('dataset/OutCsvNull', sinkDs('OutCsvNull', 'DelimitedText', 'out-null.csv', { ...CSV_SETTINGS, nullValue: 'NULL', columnDelimiter: ';', escapeChar: '' }));
  await w('dataset/OutJson', sinkDs('OutJson', 'Json', 'out.json'));
  await w('dataset/OutParquet', sinkDs('OutParquet', 'Parquet', 'out.parquet'));
  await w('dataset/OutCsvGz', sinkDs('OutCsvGz', 'DelimitedText', 'out.csv.gz', { ...CSV_SETTINGS, compressionCodec: 'gzip' }));
  const sinkFlow = (name: string, sinks: string[], extra: string[] = []) => ({
    name,
    properties: {
      type: 'MappingDataFlow',
      typeProperties: {
        sources: [{ name: 'S', dataset: { referenceName: 'Csv', type: 'DatasetReference' } }],
        sinks: sinks.map((d, i) => ({ name: `K${i}`, dataset: { referenceName: d, type: 'DatasetReference' } })),
        scriptLines: [
          'source(output(id as integer, name as string, amount as double, big as decimal(38,0), note as string)) ~> S',
          "S derive(flag = amount > 0, half = id / 2.0, third = toDouble(id) / 3, day = toDate('2024-01-05'), at = toTimestamp('2024-01-05 10:11:12', 'yyyy-MM-dd HH:mm:ss'), huge = toLong(9007199254740993) + id, price = toDecimal(amount, 10, 2), back = concat(name, '\\\\', note), empty = ''" + extra.join('') + ') ~> D',
          ...sinks.map((_, i) => `D sink() ~> K${i}`),
        ],
      },
    },
  });
  await w('dataflow/Sinks', sinkFlow('Sinks', ['OutCsv', 'OutCsvNull', 'OutJson', 'OutParquet', 'OutCsvGz']));
  await fs.writeFile(path.join(data, 'badnum.csv'), 'id,amount,label\n1,2.5,a\n2,oops,b\n3,,c\n 4 ,1e3,d\n');
  await w('dataset/BadNum', ds('BadNum', 'DelimitedText', 'badnum.csv', CSV_SETTINGS));
  await w('dataflow/BadNum', { name: 'BadNum', properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'S', dataset: { referenceName: 'BadNum', type: 'DatasetReference' } }], sinks: [{ name: 'K0', dataset: { referenceName: 'OutCsv', type: 'DatasetReference' } }], scriptLines: ['source(output(id as integer, amount as double, label as string)) ~> S', 'S sink() ~> K0'] } } });
  await w('dataflow/SinkExp', sinkFlow('SinkExp', ['OutCsv'], [', tiny = amount / 1000000000']));
  await w('dataset/Csv', ds('Csv', 'DelimitedText', 'awkward.csv', CSV_SETTINGS));
  await w('dataset/CsvGz', ds('CsvGz', 'DelimitedText', 'awkward.csv.gz', { ...CSV_SETTINGS, compressionCodec: 'gzip' }));
  await w('dataset/CsvBz2', ds('CsvBz2', 'DelimitedText', 'awkward.csv.bz2', { ...CSV_SETTINGS, compressionCodec: 'bzip2' }));
  await w('dataset/NoHeader', ds('NoHeader', 'DelimitedText', 'noheader.csv', { ...CSV_SETTINGS, firstRowAsHeader: false }));
  await w('dataset/Semicolon', ds('Semicolon', 'DelimitedText', 'semicolon.csv', { ...CSV_SETTINGS, columnDelimiter: ';', nullValue: 'NULL' }));
  await w('dataset/Latin1', ds('Latin1', 'DelimitedText', 'latin1.csv', { ...CSV_SETTINGS, encodingName: 'ISO-8859-1' }));
  await w('dataset/Empty', ds('Empty', 'DelimitedText', 'empty.csv', CSV_SETTINGS));
  await w('dataset/HeaderOnly', ds('HeaderOnly', 'DelimitedText', 'header-only.csv', CSV_SETTINGS));
  await w('dataset/Parts', { name: 'Parts', properties: { type: 'DelimitedText', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', folderPath: 'parts' }, ...CSV_SETTINGS } } });
  await w('dataset/Json', ds('Json', 'Json', 'awkward.json'));
  await w('dataset/JsonArray', ds('JsonArray', 'Json', 'array.json'));
  await w('dataset/Parquet', ds('Parquet', 'Parquet', 'awkward.parquet'));

  const typed = ['source(output(id as integer, name as string, amount as double, big as decimal(38,0), note as string), allowSchemaDrift: true) ~> S', "S derive(len = length(name), up = upper(note), pos = iif(amount > 0, 'y', 'n')) ~> D", 'D filter(isNull(amount) || amount < 100) ~> F', 'F aggregate(groupBy(pos), n = count(), total = sum(amount)) ~> A'];
  const drift = ['source() ~> S', 'S derive(k = concat(toString(id), \'-\')) ~> D'];
  await w('dataflow/Csv', flow('Csv', 'Csv', typed));
  await w('dataflow/CsvDrift', flow('CsvDrift', 'Csv', drift));
  await w('dataflow/CsvGz', flow('CsvGz', 'CsvGz', typed));
  await w('dataflow/CsvBz2', flow('CsvBz2', 'CsvBz2', typed));
  await w('dataflow/NoHeader', flow('NoHeader', 'NoHeader', ['source() ~> S', 'S derive(k = Prop_0) ~> D']));
  await w('dataflow/Semicolon', flow('Semicolon', 'Semicolon', ['source() ~> S', 'S derive(k = concat(a, b)) ~> D']));
  await w('dataflow/Latin1', flow('Latin1', 'Latin1', ['source() ~> S']));
  await w('dataflow/Empty', flow('Empty', 'Empty', typed));
  await w('dataflow/HeaderOnly', flow('HeaderOnly', 'HeaderOnly', typed));
  await w('dataflow/Parts', flow('Parts', 'Parts', ["source(rowUrlColumn: 'file') ~> S", 'S derive(k = concat(file, v)) ~> D']));
  await w('dataflow/Json', flow('Json', 'Json', ['source() ~> S', 'S derive(y = nested.y, w = upper(when)) ~> D']));
  await w('dataflow/JsonTyped', flow('JsonTyped', 'Json', ['source(output(id as long, name as string, when as date, n as double, flag as boolean), allowSchemaDrift: false) ~> S']));
  await w('dataflow/JsonArray', flow('JsonArray', 'JsonArray', ['source() ~> S']));
  await w('dataflow/Parquet', flow('Parquet', 'Parquet', ['source(output(id as long, name as string, amount as decimal(18,2), flag as boolean), allowSchemaDrift: false) ~> S', 'S derive(l = length(name)) ~> D']));
  factory = await loadFactory(f);
  resolve = datasetResolver(factory);
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function both(dataflow: string, stream: string) {
  const run = (pushDown: boolean) => previewDataFlow({ factory, dataflow, stream, rows: 1000, pushDown, resolveDataset: resolve, workDir: out, now: new Date('2024-05-01T00:00:00Z') });
  const [pushed, reference] = [await run(true), await run(false)];
  return { pushed, reference };
}

for (const [dataflow, streams] of [
  ['Csv', ['S', 'D', 'F', 'A']],
  ['CsvDrift', ['S', 'D']],
  ['CsvGz', ['S', 'A']],
  ['NoHeader', ['S', 'D']],
  ['Semicolon', ['S', 'D']],
  ['Latin1', ['S']],
  ['Empty', ['S', 'A']],
  ['HeaderOnly', ['S', 'A']],
  ['Parts', ['S', 'D']],
  ['Json', ['S', 'D']],
  ['JsonTyped', ['S']],
  ['JsonArray', ['S']],
  ['Parquet', ['S', 'D']],
] as const) {
  test(`push-down gives the connector's result: ${dataflow} (${streams.join(', ')})`, async () => {
    for (const stream of streams) {
      const { pushed, reference } = await both(dataflow, stream);
      assert.deepEqual(pushed.sources.S.pushedDown, true, `${dataflow}: ${pushed.sources.S.reason}`);
      assert.equal(reference.sources.S.pushedDown, false);
      assert.deepEqual(pushed.columns, reference.columns, `${dataflow}/${stream} columns`);
      assert.deepEqual(pushed.rows, reference.rows, `${dataflow}/${stream} rows`);
      assert.equal(pushed.rowCount, reference.rowCount);
    }
  });
}

test('awkward values arrive intact on the pushed-down path', async () => {
  const { pushed } = await both('Csv', 'S');
  assert.equal(pushed.rowCount, 5, 'the blank line is skipped');
  assert.deepEqual(pushed.rows.map((r) => r.name), ['say "hi", ok', 'two\nlines', null, null, 'short']);
  assert.deepEqual(pushed.rows.map((r) => r.note), ['plain', 'ünïcødé 😀 ✓', null, 'a,b;c', null]);
  // decimal(38,0) holds a 23-digit number and the 64-bit minimum (the preview shows decimals as JSON numbers).
  assert.deepEqual(pushed.rows.map((r) => r.big), [9007199254740993, 12345678901234567890123, -9223372036854775808, 0, null]);
  const json = await previewDataFlow({ factory, dataflow: 'JsonTyped', stream: 'S', rows: 10, resolveDataset: resolve, workDir: out });
  assert.deepEqual(json.rows.map((r) => r.when), ['2024-01-05', null, null]);
  assert.deepEqual(json.columns.map((c) => c.type), ['long', 'string', 'date', 'double', 'boolean']);
  const pq = await previewDataFlow({ factory, dataflow: 'Parquet', stream: 'S', rows: 10, resolveDataset: resolve, workDir: out });
  assert.equal(pq.sources.S.pushedDown, true);
  // 2^53 + 1 survives exactly (as text, beyond JavaScript's safe integers).
  assert.equal(pq.rows[2].id, '9007199254740993');
});

test('a setting DuckDB cannot honour falls back to the connector and says why', async () => {
  await fs.writeFile(path.join(data, 'awkward.csv.bz2'), (await import('node:child_process')).execFileSync('bzip2', ['-c'], { input: CSV }));
  const { pushed, reference } = await both('CsvBz2', 'A');
  assert.equal(pushed.sources.S.pushedDown, false);
  assert.match(pushed.sources.S.reason!, /compression 'bzip2' is decompressed by the JavaScript connector/);
  assert.deepEqual(pushed.rows, reference.rows);
  const logs: string[] = [];
  await runDataFlowActivity(factory, { dataflow: { referenceName: 'CsvBz2' } }, { signal: new AbortController().signal, log: (_l, m) => logs.push(m), progress: () => {}, workDir: out, now: () => new Date() }, resolve);
  assert.ok(logs.some((m) => /source 'S' is read through the JavaScript connector: compression 'bzip2'/.test(m)), logs.join('\n'));
  logs.length = 0;
  await runDataFlowActivity(factory, { dataflow: { referenceName: 'Csv' } }, { signal: new AbortController().signal, log: (_l, m) => logs.push(m), progress: () => {}, workDir: out, now: () => new Date() }, resolve);
  assert.ok(logs.some((m) => /source 'S' is read by DuckDB directly \(DelimitedText, 1 file/.test(m)), logs.join('\n'));
});

test('every stream of the fixture data flows is the same pushed down or not', async () => {
  const f = await loadFactory(path.join(FIXTURE, 'factory'));
  const r = datasetResolver(f, { InFiles: { host: path.join(FIXTURE, 'data') }, OutFiles: { host: out } });
  for (const name of ['Orders', 'Wildcards', 'CachedLookups', 'WithFlowlet', 'CleanNames']) {
    const doc = f.resources.dataflow.get(name)!;
    const lines: string[] = doc.properties.typeProperties.scriptLines ?? String(doc.properties.typeProperties.script).split('\n');
    const streams = lines.map((l) => /~>\s*(\w+)\s*$/.exec(l)?.[1]).filter((s): s is string => !!s);
    for (const stream of streams) {
      const run = (pushDown: boolean) => previewDataFlow({ factory: f, dataflow: name, stream, rows: 1000, pushDown, resolveDataset: r, workDir: out, now: new Date('2024-05-01T00:00:00Z') }).then((p) => ({ columns: p.columns, rows: p.rows, rowCount: p.rowCount, sources: p.sources }), (e: Error) => ({ error: e.message }));
      const [a, b] = [await run(true), await run(false)];
      if ('error' in a || 'error' in b) {
        assert.deepEqual(a, b, `${name}/${stream}`);
        continue;
      }
      assert.ok(Object.values(a.sources).every((s) => s.pushedDown), `${name}/${stream}: ${JSON.stringify(a.sources)}`);
      // Streams without a sort have no guaranteed row order (in ADF either): compare them as multisets.
      const sorted = (rows: Record<string, unknown>[]) => rows.map((x) => JSON.stringify(x)).sort();
      assert.deepEqual({ ...a, rows: sorted(a.rows), sources: undefined }, { ...b, rows: sorted(b.rows), sources: undefined }, `${name}/${stream}`);
    }
  }
});

/** The fixture factory with data flow 'Huge': huge.csv (written by the test that reads 2,000,000 rows) → derive D. */
async function hugeFactory(): Promise<Factory> {
  const f = await loadFactory(factory.root);
  f.resources.dataset.set('Huge', { ...f.resources.dataset.get('Csv')!, name: 'Huge', properties: ds('Huge', 'DelimitedText', 'huge.csv', CSV_SETTINGS).properties } as any);
  f.resources.dataflow.set('Huge', { ...f.resources.dataflow.get('Csv')!, name: 'Huge', properties: flow('Huge', 'Huge', ['source(output(id as integer, region as string, amount as double)) ~> S', "S derive(big = iif(amount > 500, 'y', 'n')) ~> D"]).properties } as any);
  return f;
}

test('a preview over a 2,000,000-row source scans a bounded number of rows (DuckDB query profile)', async () => {
  const file = path.join(data, 'huge.csv');
  const ws = createWriteStream(file);
  ws.write('id,region,amount\n');
  for (let i = 0; i < 2_000_000; i += 10_000) {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++) chunk += `${j},r${j % 20},${(j * 7919) % 100000 / 100}\n`;
    if (!ws.write(chunk)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => ws.end((e?: Error | null) => (e ? j(e) : r())));
  const f = await hugeFactory();
  const r = datasetResolver(f);
  const limited = await previewDataFlow({ factory: f, dataflow: 'Huge', stream: 'D', rows: 100, sourceRows: 1000, resolveDataset: r, workDir: out });
  assert.equal(limited.rows.length, 100);
  assert.equal(limited.rowCount, 1000);
  assert.equal(limited.sources.S.pushedDown, true);
  const scanned = limited.sources.S.rowsScanned!;
  assert.ok(scanned >= 1000 && scanned <= 20_000, `rows scanned: ${scanned}`);
  // Without a row limit the same preview scans every row: the counter is real.
  const whole = await previewDataFlow({ factory: f, dataflow: 'Huge', stream: 'D', rows: 100, resolveDataset: r, workDir: out });
  assert.equal(whole.sources.S.rowsScanned, 2_000_000);
  assert.equal(whole.rowCount, 2_000_000);
});

test('a preview streams its first rows: more than one DuckDB chunk, in order, typed as DESCRIBE types them', async () => {
  // huge.csv is written by the test above; 5,000 rows span three 2,048-row chunks.
  const f = await hugeFactory();
  const r = datasetResolver(f);
  const p = await previewDataFlow({ factory: f, dataflow: 'Huge', stream: 'D', rows: 5000, sourceRows: 6000, resolveDataset: r, workDir: out });
  assert.equal(p.rows.length, 5000);
  assert.equal(p.rowCount, 6000);
  assert.deepEqual(p.rows.map((x) => x.id), Array.from({ length: 5000 }, (_, i) => i));
  assert.deepEqual(p.rows[4999], { id: 4999, region: 'r19', amount: (4999 * 7919) % 100000 / 100, big: (4999 * 7919) % 100000 / 100 > 500 ? 'y' : 'n' });
  assert.deepEqual(p.columns, [{ name: 'id', type: 'integer' }, { name: 'region', type: 'string' }, { name: 'amount', type: 'double' }, { name: 'big', type: 'string' }]);
  // The source's own stream: its columns come from the select list, not a DESCRIBE; the same with push-down off.
  const src = await previewDataFlow({ factory: f, dataflow: 'Huge', stream: 'S', rows: 3, sourceRows: 10, resolveDataset: r, workDir: out });
  const viaConnector = await previewDataFlow({ factory: f, dataflow: 'Huge', stream: 'S', rows: 3, sourceRows: 10, pushDown: false, resolveDataset: r, workDir: out });
  assert.deepEqual(src.columns, viaConnector.columns);
  assert.deepEqual(src.rows, viaConnector.rows);
  assert.equal(src.rowCount, 10);
});

test('sinks written by DuckDB COPY hold what the connector writes', async () => {
  const files = ['sub/dir/out.csv', 'sub/dir/out-null.csv', 'sub/dir/out.json', 'sub/dir/out.parquet', 'sub/dir/out.csv.gz'];
  const runInto = async (pushDown: boolean, dataflow = 'Sinks') => {
    const logs: string[] = [];
    const dir = await fs.mkdtemp(path.join(root, pushDown ? 'push-' : 'ref-'));
    const r = datasetResolver(factory, { Out: { host: dir } });
    const outp = (await runDataFlowActivity(factory, { dataflow: { referenceName: dataflow } }, { signal: new AbortController().signal, log: (_l, m) => logs.push(m), progress: () => {}, workDir: out, now: () => new Date('2024-05-01T00:00:00Z') }, r, { pushDown })) as any;
    return { dir, logs, metrics: outp.runStatus.metrics };
  };
  const pushed = await runInto(true);
  const reference = await runInto(false);
  for (const k of ['K0', 'K1', 'K2', 'K3']) assert.ok(pushed.logs.some((m) => m.includes(`sink '${k}' was written by DuckDB directly`)), pushed.logs.join('\n'));
  assert.ok(pushed.logs.some((m) => /sink 'K4' is written through the JavaScript connector: compression 'gzip'/.test(m)), pushed.logs.join('\n'));
  const read = (dir: string, f: string) => fs.readFile(path.join(dir, f));
  // Delimited text: the same bytes (quotes, escapes, line breaks, NULL text, True/False, numbers as JavaScript prints them).
  assert.equal((await read(pushed.dir, files[0])).toString(), (await read(reference.dir, files[0])).toString());
  assert.equal((await read(pushed.dir, files[1])).toString(), (await read(reference.dir, files[1])).toString());
  // JSON: the same documents.
  const docs = async (dir: string) => (await read(dir, files[2])).toString().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(await docs(pushed.dir), await docs(reference.dir));
  // Parquet: the same rows read back.
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const rowsOf = async (dir: string) => (await conn.runAndReadAll(`SELECT id, name, amount, note, flag, half, third, huge, back, empty FROM read_parquet('${path.join(dir, files[3]).replace(/'/g, "''")}')`)).getRowObjectsJson();
  assert.deepEqual(await rowsOf(pushed.dir), await rowsOf(reference.dir));
  conn.closeSync();
  inst.closeSync();
  for (const k of ['K0', 'K1', 'K2', 'K3', 'K4']) {
    assert.equal(pushed.metrics[k].rowsWritten, 5);
    assert.equal(reference.metrics[k].rowsWritten, 5);
    assert.ok(pushed.metrics[k].stages[0].bytesWritten > 0);
  }
  // Tiny numbers (exponent notation in both): still DuckDB, still the connector's text.
  const exp = await runInto(true, 'SinkExp');
  const expRef = await runInto(false, 'SinkExp');
  assert.ok(exp.logs.some((m) => /sink 'K0' was written by DuckDB directly/.test(m)), exp.logs.join('\n'));
  assert.equal((await read(exp.dir, files[0])).toString(), (await read(expRef.dir, files[0])).toString());
});

test('a number the reader rejects becomes NULL, as with TRY_CAST on the connector path', async () => {
  const outputs: string[] = [];
  for (const pushDown of [true, false]) {
    const dir = await fs.mkdtemp(path.join(root, 'bad-'));
    await runDataFlowActivity(factory, { dataflow: { referenceName: 'BadNum' } }, { signal: new AbortController().signal, log: () => {}, progress: () => {}, workDir: out, now: () => new Date() }, datasetResolver(factory, { Out: { host: dir } }), { pushDown });
    outputs.push(await fs.readFile(path.join(dir, 'sub/dir/out.csv'), 'utf8'));
  }
  assert.equal(outputs[0], 'id,amount,label\r\n1,2.5,a\r\n2,,b\r\n3,,c\r\n4,1000,d\r\n');
  assert.equal(outputs[0], outputs[1]);
});

test('a source file changed between previews and runs is read again as it now is (the sniffed dialect is per file version)', async () => {
  const file = path.join(data, 'changing.csv');
  const f = await loadFactory(factory.root);
  f.resources.dataset.set('Changing', { ...f.resources.dataset.get('Csv')!, name: 'Changing', properties: ds('Changing', 'DelimitedText', 'changing.csv', CSV_SETTINGS).properties } as any);
  f.resources.dataflow.set('Changing', { ...f.resources.dataflow.get('Csv')!, name: 'Changing', properties: flow('Changing', 'Changing', ['source(allowSchemaDrift: true) ~> S']).properties } as any);
  const r = datasetResolver(f);
  const preview = async (pushDown = true) => previewDataFlow({ factory: f, dataflow: 'Changing', stream: 'S', rows: 100, sourceRows: 1000, resolveDataset: r, workDir: out, pushDown });
  const versions = [
    'a,b\n1,2\n3,4\n',
    // Same size, other header and values: only the file's times tell the versions apart.
    'x,y\n5,6\n7,8\n',
    // Other columns, Windows line ends, a quoted line break and a short row.
    'id,name,note\r\n1,"two\r\nlines",n\r\n2,solo\r\n',
    'only\n',
  ];
  for (const text of versions) {
    await fs.writeFile(file, text);
    const pushed = await preview();
    const reference = await preview(false);
    assert.equal(pushed.sources.S.pushedDown, true);
    assert.deepEqual(pushed.columns, reference.columns, text);
    assert.deepEqual(pushed.rows, reference.rows, text);
    // The same file version read again gives the same result.
    assert.deepEqual((await preview()).rows, pushed.rows);
  }
  assert.deepEqual((await preview()).columns.map((c) => c.name), ['only']);
});
