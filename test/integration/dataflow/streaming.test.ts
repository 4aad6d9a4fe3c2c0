import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import type { Factory } from '../../../src/engine/model/types';
import { runDataFlowActivity } from '../../../src/engine/dataflow';
import { localStore } from '../../../src/engine/connectors';
import { datasetResolver } from '../../../src/engine/run/dataflowResolver';

let root: string;
let data: string;
let factory: Factory;

// A quoted line break (the parallel CSV reader refuses it with null_padding), a number the typed reader rejects,
// a short row and a blank line: every fallback of a streamed scan is met.
const CSV = ['id,region,amount', '1,"north\nwest",10.5', '2,south,abc', '', '3,east', '4,south,600', '5,north,2', '6,"east",700.25'].join('\r\n') + '\r\n';
const CLEAN = ['id,region,amount', ...Array.from({ length: 500 }, (_, i) => `${i},r${i % 7},${(i * 37) % 1000}.5`)].join('\n') + '\n';
const LINES = [
  'source(output(id as integer, region as string, amount as double), allowSchemaDrift: false) ~> S',
  "S derive(amount2 = round(amount * 1.2, 2), big = iif(amount > 500, 'y', 'n')) ~> D",
  'D filter(isNull(amount2) || amount2 > 5) ~> F',
  'F aggregate(groupBy(region, big), total = sum(amount2), n = count()) ~> A',
  'A sort(asc(region, true), asc(big, true)) ~> O',
  'O sink() ~> K',
];
const CSV_SETTINGS = { columnDelimiter: ',', escapeChar: '\\', quoteChar: '"', firstRowAsHeader: true };
const INLINE_CSV = "format: 'delimited', columnDelimiter: ',', escapeChar: '\\\\', quoteChar: '\\\"', columnNamesAsHeader: true";

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dfstream-'));
  data = path.join(root, 'data');
  const f = path.join(root, 'factory');
  for (const d of ['dataflow', 'dataset', 'linkedService']) await fs.mkdir(path.join(f, d), { recursive: true });
  await fs.mkdir(path.join(data, 'in'), { recursive: true });
  await fs.writeFile(path.join(data, 'in', 'awkward.csv'), CSV);
  await fs.writeFile(path.join(data, 'in', 'clean.csv'), CLEAN);
  const w = (p: string, o: unknown) => fs.writeFile(path.join(f, `${p}.json`), JSON.stringify(o));
  await w('linkedService/Files', { name: 'Files', properties: { type: 'FileServer', typeProperties: { host: data } } });
  await w('linkedService/Out', { name: 'Out', properties: { type: 'FileServer', typeProperties: { host: path.join(root, 'unused') } } });
  const ds = (name: string, ls: string, folderPath: string, fileName: string) => ({ name, properties: { type: 'DelimitedText', linkedServiceName: { referenceName: ls, type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', folderPath, fileName }, ...CSV_SETTINGS } } });
  await w('dataset/Awkward', ds('Awkward', 'Files', 'in', 'awkward.csv'));
  await w('dataset/Clean', ds('Clean', 'Files', 'in', 'clean.csv'));
  await w('dataset/Result', ds('Result', 'Out', 'res', 'out.csv'));
  const byRef = (name: string, source: string) => ({ name, properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'S', dataset: { referenceName: source, type: 'DatasetReference' } }], sinks: [{ name: 'K', dataset: { referenceName: 'Result', type: 'DatasetReference' } }], scriptLines: LINES } } });
  await w('dataflow/Awkward', byRef('Awkward', 'Awkward'));
  await w('dataflow/Clean', byRef('Clean', 'Clean'));
  // The same flows with inline datasets: the linked service in sources/sinks, format and location in the script.
  const inline = (name: string, file: string, format = INLINE_CSV, folder = "'in'") => ({
    name,
    properties: {
      type: 'MappingDataFlow',
      typeProperties: {
        sources: [{ name: 'S', linkedService: { referenceName: 'Files', type: 'LinkedServiceReference' } }],
        sinks: [{ name: 'K', linkedService: { referenceName: 'Out', type: 'LinkedServiceReference' } }],
        scriptLines: [
          LINES[0].replace(') ~> S', `, ${format}, folderPath: ${folder}, fileName: '${file}') ~> S`),
          ...LINES.slice(1, -1),
          `O sink(${INLINE_CSV}, folderPath: 'res', partitionFileNames:['out.csv'], partitionBy('hash', 1)) ~> K`,
        ],
      },
    },
  });
  await w('dataflow/InlineAwkward', inline('InlineAwkward', 'awkward.csv'));
  await w('dataflow/InlineClean', inline('InlineClean', 'clean.csv'));
  await w('dataflow/InlineAvro', inline('InlineAvro', 'clean.csv', "format: 'avro'"));
  await w('dataflow/InlineExpr', inline('InlineExpr', 'clean.csv', INLINE_CSV, '($folder)'));
  factory = await loadFactory(f);
});

after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function run(dataflow: string, pushDown: boolean) {
  const dir = await fs.mkdtemp(path.join(root, pushDown ? 'push-' : 'ref-'));
  const logs: string[] = [];
  const io = { signal: new AbortController().signal, log: (_l: string, m: string) => logs.push(m), progress: () => {}, workDir: path.join(root, 'work'), now: () => new Date('2024-05-01T00:00:00Z') };
  const output = (await runDataFlowActivity(factory, { dataflow: { referenceName: dataflow } }, io as any, datasetResolver(factory, { Out: { host: dir } }), { pushDown })) as any;
  return { text: await fs.readFile(path.join(dir, 'res', 'out.csv'), 'utf8'), logs, profile: output.runStatus.profile, metrics: output.runStatus.metrics.K };
}

const counts = (profile: Record<string, { rows: number }>) => Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, v.rows]));

for (const dataflow of ['Clean', 'Awkward']) {
  test(`a streamed source gives the connector path's file and stage counts: ${dataflow}`, async () => {
    const pushed = await run(dataflow, true);
    const reference = await run(dataflow, false);
    assert.ok(pushed.logs.some((m) => /source 'S' is read by DuckDB directly/.test(m)), pushed.logs.join('\n'));
    assert.ok(pushed.logs.some((m) => /sink 'K' was written by DuckDB directly/.test(m)), pushed.logs.join('\n'));
    assert.equal(pushed.text, reference.text);
    assert.deepEqual(counts(pushed.profile), counts(reference.profile));
    assert.deepEqual(pushed.metrics.sources, reference.metrics.sources);
    assert.deepEqual(Object.keys(pushed.profile), ['S', 'D', 'F', 'A', 'O', 'K'], 'stages are reported in run order');
  });
}

test('the awkward file is read whole: quoted line break, rejected number, short row', async () => {
  const pushed = await run('Awkward', true);
  // The blank line is skipped; the short row and the rejected number give NULL amounts.
  assert.deepEqual(counts(pushed.profile), { S: 6, D: 6, F: 5, A: 5, O: 5, K: 5 });
  assert.ok(pushed.text.includes('"north\nwest",n,12.6,1\r\n'), pushed.text);
});

for (const [inline, byRef] of [['InlineClean', 'Clean'], ['InlineAwkward', 'Awkward']]) {
  test(`inline datasets are pushed down like dataset references: ${inline}`, async () => {
    const pushed = await run(inline, true);
    const reference = await run(inline, false);
    const viaDatasets = await run(byRef, true);
    assert.ok(pushed.logs.some((m) => /source 'S' is read by DuckDB directly \(DelimitedText, 1 file/.test(m)), pushed.logs.join('\n'));
    assert.ok(pushed.logs.some((m) => /sink 'K' was written by DuckDB directly \(DelimitedText/.test(m)), pushed.logs.join('\n'));
    assert.equal(pushed.text, reference.text);
    assert.equal(pushed.text, viaDatasets.text);
    assert.deepEqual(counts(pushed.profile), counts(viaDatasets.profile));
  });
}

test('an inline dataset of a format the local engine does not run, or with a computed setting, is refused, naming it', async () => {
  await assert.rejects(run('InlineAvro', true), /source 'S' uses an inline dataset of format 'avro'; the local engine runs inline datasets of format 'delimited', 'json', 'parquet'/);
  await assert.rejects(run('InlineExpr', true), /option 'folderPath' of the inline source 'S' is an expression/);
});

test('a local file is hashed only when contentMD5 is asked for', async () => {
  const store = localStore(data);
  const plain = await store.stat('in/clean.csv');
  assert.equal(plain?.size, Buffer.byteLength(CLEAN));
  assert.equal(plain?.contentMD5, undefined);
  const hashed = await store.stat('in/clean.csv', { contentMD5: true });
  assert.equal(hashed?.contentMD5, createHash('md5').update(CLEAN).digest('base64'));
  assert.equal((await store.stat('in', { contentMD5: true }))?.contentMD5, undefined, 'folders have no hash');
});
