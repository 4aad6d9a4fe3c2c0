/**
 * The columnar fast path of file → file copies against the row path (the reference): the same output files
 * (byte-equal DelimitedText; same columns, types and rows for Parquet) and the same metrics for generated
 * DelimitedText, JSON Lines and Parquet sources with awkward values; the fallback to the row path, logged with
 * its reason; both paths through the engine's copy worker.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { createDataServices } from '../../../src/engine/copy';
import type { ResolvedDataset } from '../../../src/engine/contracts/types';
import { copyMetrics as metrics, openCopyPaths, sqlText as q, type CopyPaths } from '../../helpers/copyPaths';
import { fileDs, fileLs, testIo } from './helpers';

type Table = { columns: string[]; rows: (string | null)[][] };

let root: string;
let paths: CopyPaths;
let runs = 0;
let fastRuns = 0;

/** Runs the same copy on both paths into two folders; returns both outputs and logs. */
async function both(dir: string, source: ResolvedDataset, sinkOf: (folder: string) => ResolvedDataset, tp: Record<string, unknown> = {}) {
  const result = await paths.both(source, sinkOf, tp, (name) => testIo(path.join(dir, `work-${name}`)));
  runs++;
  if (!result.fast.io.logs.some((l) => /row path/.test(l.message))) fastRuns++;
  return result;
}

const parquetContent = (file: string) => paths.parquetContent(file);

// Awkward values: quotes, escapes, delimiters, line breaks, unicode, large numbers as text, the null text, '#'
// (DuckDB's CSV writer quotes it, csv-stringify does not).
const awkward = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('"', '""', '\\', '\\"', ',', ';', '\t', '\r\n', '\n', '\r', 'a\nb', ' ', 'é', '日本', '😀', '12345678901234567890123', '-0.5e10', 'NULL', '', 'True', '0x1F', '#', 'a#b') },
  { weight: 1, arbitrary: fc.constant(null) },
);
const tableArb: fc.Arbitrary<Table> = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9 _é]{0,8}$/), { minLength: 2, maxLength: 4 })
  .chain((columns) => fc.record({ columns: fc.constant(columns), rows: fc.array(fc.array(awkward, { minLength: columns.length, maxLength: columns.length }), { maxLength: 15 }) }));
const csvSinkArb = fc.record({
  columnDelimiter: fc.constantFrom(',', ';', '\t', '|'),
  quoteChar: fc.constantFrom('"', "'", ''),
  escapeChar: fc.constantFrom('\\', '"'),
  nullValue: fc.constantFrom('', 'NULL'),
  firstRowAsHeader: fc.boolean(),
  rowDelimiter: fc.constantFrom(undefined, '\n', '\r\n'),
});

describe('copy fast path vs row path', () => {
  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'adfw-fast-'));
    paths = await openCopyPaths();
  });
  after(async () => {
    await paths.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives the row path’s files and metrics for generated CSV, JSON Lines and Parquet sources (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(tableArb, fc.constantFrom('csv', 'jsonl', 'parquet'), fc.constantFrom('"', '\\'), fc.boolean(), csvSinkArb, fc.constantFrom('DelimitedText', 'Parquet'), fc.boolean(), async (table, format, escape, emptyFile, sinkSettings, sinkType, mapped) => {
        const dir = path.join(root, `p${n++}`);
        mkdirSync(path.join(dir, 'in'), { recursive: true });
        const ls = fileLs(dir);
        let source: ResolvedDataset;
        if (format === 'csv') {
          const settings = { delimiter: ',', quote: '"', escape, record_delimiter: '\r\n', quoted_match: /[\r\n]/ };
          const text = emptyFile ? '' : stringify([table.columns, ...table.rows.map((r) => r.map((v) => v ?? ''))], settings);
          writeFileSync(path.join(dir, 'in', 'data.csv'), text);
          source = fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'in', fileName: 'data.csv' }, { columnDelimiter: ',', quoteChar: '"', escapeChar: escape, firstRowAsHeader: true });
        } else {
          const objects = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]]).filter(([, v], i) => v !== null || i % 2 === 0)));
          const jsonl = emptyFile ? '' : objects.map((o) => JSON.stringify(o) + '\n').join('');
          writeFileSync(path.join(dir, 'in', 'data.jsonl'), jsonl);
          if (format === 'jsonl') {
            source = fileDs(ls, 'Json', { type: 'FileServerLocation', folderPath: 'in', fileName: 'data.jsonl' });
          } else {
            const struct = table.columns.map((c) => `${q(c)}: 'VARCHAR'`).join(', ');
            const select = emptyFile || !objects.length ? `SELECT ${table.columns.map((c) => `NULL::VARCHAR AS "${c}"`).join(', ')} WHERE false` : `SELECT * FROM read_json(${q(path.join(dir, 'in', 'data.jsonl'))}, format = 'newline_delimited', columns = {${struct}})`;
            await paths.con.run(`COPY (${select}) TO ${q(path.join(dir, 'in', 'data.parquet'))} (FORMAT parquet)`);
            source = fileDs(ls, 'Parquet', { type: 'FileServerLocation', folderPath: 'in', fileName: 'data.parquet' });
          }
        }
        const ext = sinkType === 'Parquet' ? 'parquet' : 'csv';
        const sinkOf = (folder: string) => fileDs(ls, sinkType, { type: 'FileServerLocation', folderPath: folder, fileName: `out.${ext}` }, sinkType === 'Parquet' ? {} : { ...sinkSettings, encodingName: 'UTF-8' });
        // A mapping by name: the columns reversed and renamed, one typed String, and a source column that does not exist.
        const translator = mapped ? { type: 'TabularTranslator', mappings: [...[...table.columns].reverse().map((c, i) => ({ source: { name: c, ...(i === 0 ? { type: 'String' } : {}) }, sink: { name: `out ${c}` } })), { source: { name: 'missing' }, sink: { name: 'gone' } }] } : undefined;
        const r = await both(dir, source, sinkOf, translator ? { translator } : {});
        const [a, b] = ['fast', 'row'].map((f) => path.join(dir, f, `out.${ext}`));
        assert.deepEqual(metrics(r.fast.out, sinkType !== 'Parquet'), metrics(r.row.out, sinkType !== 'Parquet'));
        if (sinkType === 'Parquet') assert.deepEqual(await parquetContent(a), await parquetContent(b));
        else assert.equal(readFileSync(a, 'latin1'), readFileSync(b, 'latin1'));
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 100 },
    );
    // The property means something only if most copies took the fast path.
    assert.ok(fastRuns >= runs / 2, `the fast path ran for ${fastRuns} of ${runs} copies`);
  });

  it('falls back to the row path for a file it cannot copy exactly, and logs why', async () => {
    const dir = path.join(root, 'fallback');
    mkdirSync(path.join(dir, 'in'), { recursive: true });
    const ls = fileLs(dir);
    // A number in a JSON value: the row path writes it with JavaScript's number formatting.
    writeFileSync(path.join(dir, 'in', 'n.jsonl'), '{"id":"a","n":"1"}\n{"id":"b","n":1.50}\n');
    const json = fileDs(ls, 'Json', { type: 'FileServerLocation', folderPath: 'in', fileName: 'n.jsonl' });
    const sink = (folder: string) => fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: folder, fileName: 'n.csv' }, { firstRowAsHeader: true });
    const r = await both(dir, json, sink);
    assert.ok(r.fast.io.logs.some((l) => /columnar fast path/.test(l.message)));
    assert.ok(r.fast.io.logs.some((l) => /file 'in\/n.jsonl' copied on the row path, because DuckDB: .*a value of 'n' is not a string/.test(l.message)), JSON.stringify(r.fast.io.logs));
    assert.equal(readFileSync(path.join(dir, 'fast', 'n.csv'), 'utf8'), 'id,n\r\na,1\r\nb,1.5\r\n');
    assert.deepEqual(metrics(r.fast.out, true), metrics(r.row.out, true));
    // A line with a missing field: DuckDB's strict reader refuses it, the row path reads it as null.
    writeFileSync(path.join(dir, 'in', 'ragged.csv'), 'a,b\r\n1,2\r\n3\r\n');
    const ragged = fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'in', fileName: 'ragged.csv' }, { firstRowAsHeader: true });
    const r2 = await both(dir, ragged, (folder) => fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: folder, fileName: 'r.csv' }, { firstRowAsHeader: true, nullValue: 'NULL' }));
    assert.ok(r2.fast.io.logs.some((l) => /ragged.csv' copied on the row path, because DuckDB/.test(l.message)));
    assert.equal(readFileSync(path.join(dir, 'fast', 'r.csv'), 'utf8'), 'a,b\r\n1,2\r\n3,NULL\r\n');
    // A value holding '#': DuckDB's CSV writer would quote it, so the file's lines are built in SQL (logged).
    writeFileSync(path.join(dir, 'in', 'hash.csv'), 'a,b\r\n#1,x\r\n2,y#\r\n');
    const hash = fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'in', fileName: 'hash.csv' }, { firstRowAsHeader: true });
    const r3 = await both(dir, hash, (folder) => fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: folder, fileName: 'h.csv' }, { firstRowAsHeader: true }));
    assert.ok(r3.fast.io.logs.some((l) => /file 'in\/hash.csv' written line by line in SQL instead of by DuckDB's CSV writer, because a value holds '#'/.test(l.message)), JSON.stringify(r3.fast.io.logs));
    assert.ok(!r3.fast.io.logs.some((l) => /row path/.test(l.message)));
    assert.equal(readFileSync(path.join(dir, 'fast', 'h.csv'), 'utf8'), 'a,b\r\n#1,x\r\n2,y#\r\n');
    assert.deepEqual(metrics(r3.fast.out, true), metrics(r3.row.out, true));
    // A setting the fast path cannot honour: the whole copy takes the row path, and the log says why.
    writeFileSync(path.join(dir, 'in', 'ok.csv'), 'a,b\r\n1,2\r\n');
    const ok = fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'in', fileName: 'ok.csv' }, { firstRowAsHeader: true });
    const io = testIo(path.join(dir, 'work'));
    const out = (await paths.fast.copy({ activityName: 'Gz', typeProperties: { source: {}, sink: {} }, source: ok, sink: fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'gz', fileName: 'ok.csv' }, { firstRowAsHeader: true, compressionCodec: 'gzip' }) }, io)) as Record<string, any>;
    assert.equal(out.rowsCopied, 1);
    assert.deepEqual(io.logs.filter((l) => /path/.test(l.message)).map((l) => l.message), ["Copy 'Gz': row path, because the sink is compressed with gzip; the fast path writes uncompressed text."]);
    // Two source files into one named sink file: the row path merges them.
    mkdirSync(path.join(dir, 'two'));
    writeFileSync(path.join(dir, 'two', '1.csv'), 'a,b\r\n1,2\r\n');
    writeFileSync(path.join(dir, 'two', '2.csv'), 'a,b\r\n3,4\r\n');
    const merged = await both(dir, fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'two' }, { firstRowAsHeader: true }), (folder) => fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: folder, fileName: 'merged.csv' }, { firstRowAsHeader: true }));
    assert.ok(merged.fast.io.logs.some((l) => /row path after all, because 2 source files go into one sink file/.test(l.message)));
    assert.equal(readFileSync(path.join(dir, 'fast', 'merged.csv'), 'utf8'), 'a,b\r\n1,2\r\n3,4\r\n');
    assert.deepEqual(metrics(merged.fast.out, true), metrics(merged.row.out, true));
  });

  it('copies folders file by file on both paths through the copy worker, with the same files and metrics', async () => {
    const dir = path.join(root, 'worker');
    mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
    const ls = fileLs(dir);
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `${from + i},"name ${from + i}, ""quoted""",${i % 3 ? 'x' : ''}\r\n`).join('');
    writeFileSync(path.join(dir, 'in', 'a.csv'), 'id,name,note\r\n' + lines(0, 500));
    writeFileSync(path.join(dir, 'in', 'b.csv'), 'id,name,note\r\n' + lines(500, 700));
    writeFileSync(path.join(dir, 'in', 'sub', 'c.csv'), 'id,name,note\r\n' + lines(1200, 3));
    const source = fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'in' }, { firstRowAsHeader: true, escapeChar: '"' });
    const workerFast = createDataServices({ localCosmos: 'never' });
    const workerRow = createDataServices({ localCosmos: 'never', copyPath: 'row' });
    try {
      const outs: Record<string, any>[] = [];
      for (const [name, services] of [['fast', workerFast], ['row', workerRow]] as const) {
        const io = testIo(path.join(dir, `work-${name}`));
        for (const [sinkType, folder] of [['Parquet', `${name}-pq`], ['DelimitedText', `${name}-csv`]]) {
          const sink = fileDs(ls, sinkType, { type: 'FileServerLocation', folderPath: folder }, sinkType === 'Parquet' ? { compressionCodec: 'zstd' } : { firstRowAsHeader: true, quoteChar: "'", escapeChar: '\\' });
          const translator = { type: 'TabularTranslator', mappings: [{ source: { name: 'name' }, sink: { name: 'Name' } }, { source: { name: 'id' }, sink: { name: 'Id' } }] };
          outs.push((await services.copy({ activityName: 'Folder', typeProperties: { source: {}, sink: {}, translator, parallelCopies: 2 }, source, sink }, io)) as Record<string, any>);
        }
        assert.equal(io.logs.filter((l) => /row path/.test(l.message)).length, name === 'fast' ? 0 : 2, JSON.stringify(io.logs));
      }
      assert.deepEqual(metrics(outs[0], false), metrics(outs[2], false));
      assert.deepEqual(metrics(outs[1], true), metrics(outs[3], true));
      assert.deepEqual(metrics(outs[0], false), { rowsRead: 1203, rowsCopied: 1203, rowsSkipped: undefined, dataRead: outs[0].dataRead, filesRead: 3, filesWritten: 3, errors: [] });
      assert.equal(outs[0].usedParallelCopies, 2);
      for (const f of ['a', 'b', 'sub/c']) {
        assert.deepEqual(await parquetContent(path.join(dir, 'fast-pq', `${f}.parquet`)), await parquetContent(path.join(dir, 'row-pq', `${f}.parquet`)));
        assert.equal(readFileSync(path.join(dir, 'fast-csv', `${f}.csv`), 'utf8'), readFileSync(path.join(dir, 'row-csv', `${f}.csv`), 'utf8'));
      }
      assert.match(readFileSync(path.join(dir, 'fast-csv', 'a.csv'), 'utf8'), /^Name,Id\r\n'name 0, "quoted"',0\r\n/);
    } finally {
      await workerFast.dispose();
      await workerRow.dispose();
    }
  });

  it('writes Parquet files of more than 1 MB on the row path as it goes (streamed row groups), equal to the fast path’s', async () => {
    const dir = path.join(root, 'big');
    mkdirSync(path.join(dir, 'in'), { recursive: true });
    const ls = fileLs(dir);
    const { createHash } = await import('node:crypto');
    const text = ['id,hash,note'];
    for (let i = 0; i < 40_000; i++) text.push(`${i},${createHash('sha256').update(String(i)).digest('hex')},${i % 5 ? 'n' + i : ''}`);
    writeFileSync(path.join(dir, 'in', 'big.csv'), text.join('\r\n') + '\r\n');
    const source = fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: 'in', fileName: 'big.csv' }, { firstRowAsHeader: true });
    for (const codec of ['snappy', 'gzip', 'none']) {
      const r = await both(dir, source, (folder) => fileDs(ls, 'Parquet', { type: 'FileServerLocation', folderPath: `${folder}-${codec}`, fileName: 'big.parquet' }, { compressionCodec: codec }));
      assert.ok(r.row.out.dataWritten > 1_200_000, `${codec}: ${r.row.out.dataWritten} bytes`);
      assert.deepEqual(metrics(r.fast.out, false), metrics(r.row.out, false));
      const [a, b] = ['fast', 'row'].map((f) => path.join(dir, `${f}-${codec}`, 'big.parquet'));
      assert.deepEqual(await parquetContent(a), await parquetContent(b));
    }
  });
});
