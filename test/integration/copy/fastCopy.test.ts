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

  it('reads Json values on the fast path as the row path does: escapes, empty strings, null and absent keys, gzip; a late non-string falls back', async () => {
    const dir = path.join(root, 'json');
    mkdirSync(path.join(dir, 'in'), { recursive: true });
    const ls = fileLs(dir);
    const { gzipSync } = await import('node:zlib');
    // Written as text, so the file holds the escapes themselves: \" \\ \n \t \u00e9, a surrogate pair, \/ and raw
    // unicode; empty strings; null values and absent keys; a key first seen on a later line.
    const lines = [
      String.raw`{"id":"1","text":"say \"hi\"","path":"C:\\temp\\x","note":"a\nb\tc"}`,
      String.raw`{"id":"2","text":"caf\u00e9","path":"\/usr\/bin","note":"\ud83d\ude00 smile"}`,
      String.raw`{"id":"3","text":"","path":null,"note":"é 日本 😀"}`,
      String.raw`{"id":"4","text":"\u0000\u001f\"\\","note":""}`,
      String.raw`{"id":"5","path":"","late":"x"}`,
      String.raw`{"id":"6","text":" ","path":"\"","note":"\\"}`,
    ];
    writeFileSync(path.join(dir, 'in', 'esc.jsonl'), lines.join('\n') + '\n');
    writeFileSync(path.join(dir, 'in', 'esc.json.gz'), gzipSync(lines.join('\r\n')));
    const expected = [
      ['1', 'say "hi"', 'C:\\temp\\x', 'a\nb\tc', null],
      ['2', 'café', '/usr/bin', '😀 smile', null],
      ['3', '', null, 'é 日本 😀', null],
      ['4', '\u0000\u001f"\\', null, '', null],
      ['5', null, '', null, 'x'],
      ['6', ' ', '"', '\\', null],
    ];
    const sources = [fileDs(ls, 'Json', { type: 'FileServerLocation', folderPath: 'in', fileName: 'esc.jsonl' }), fileDs(ls, 'Json', { type: 'FileServerLocation', folderPath: 'in', fileName: 'esc.json.gz' }, { compression: { type: 'gzip' } })];
    for (const [i, source] of sources.entries()) {
      const pq = await both(dir, source, (folder) => fileDs(ls, 'Parquet', { type: 'FileServerLocation', folderPath: `${folder}-pq${i}`, fileName: 'esc.parquet' }));
      assert.ok(!pq.fast.io.logs.some((l) => /row path/.test(l.message)), JSON.stringify(pq.fast.io.logs));
      assert.deepEqual(metrics(pq.fast.out, false), metrics(pq.row.out, false));
      const content = await parquetContent(path.join(dir, `fast-pq${i}`, 'esc.parquet'));
      assert.deepEqual(content, await parquetContent(path.join(dir, `row-pq${i}`, 'esc.parquet')));
      assert.deepEqual(content.types, ['id', 'text', 'path', 'note', 'late'].map((c) => [c, 'VARCHAR']));
      assert.deepEqual(content.rows, expected);
      const csv = await both(dir, source, (folder) => fileDs(ls, 'DelimitedText', { type: 'FileServerLocation', folderPath: `${folder}-csv${i}`, fileName: 'esc.csv' }, { firstRowAsHeader: true, nullValue: 'NULL' }));
      assert.ok(!csv.fast.io.logs.some((l) => /row path/.test(l.message)), JSON.stringify(csv.fast.io.logs));
      assert.deepEqual(metrics(csv.fast.out, true), metrics(csv.row.out, true));
      const text = readFileSync(path.join(dir, `fast-csv${i}`, 'esc.csv'), 'utf8');
      assert.equal(text, readFileSync(path.join(dir, `row-csv${i}`, 'esc.csv'), 'utf8'));
      assert.match(text, /^id,text,path,note,late\r\n1,"say \\"hi\\"",C:\\temp\\x,"a\nb\tc",NULL\r\n2,café,\/usr\/bin,😀 smile,NULL\r\n3,,NULL,é 日本 😀,NULL\r\n/);
    }
    // 12,000 rows of strings (the row path's Parquet writer takes its columns from its first row group, 10,000 to
    // 10,999 rows), then one number, boolean or nested value: the fast path refuses the file when it meets it, and
    // the row path gives the same file. A key first seen after the first row group is no column on either path (the
    // fast path copies the file); one first seen within it (past row 10,000) is a column on both.
    const head = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: String(i), v: i % 3 ? `v${i}` : null }) + '\n').join('');
    for (const [name, lines, fallsBack] of [
      ['number', head(12_000) + '{"id":"x","v":1.50}', true],
      ['boolean', head(12_000) + '{"id":"x","v":true}', true],
      ['nested', head(12_000) + '{"id":"x","v":{"a":"b"}}', true],
      ['array', head(12_000) + '{"id":"x","v":["a"]}', true],
      ['unknown', head(12_000) + '{"id":"x","w":2}', false],
      ['group', head(10_500) + '{"id":"x","w":"late"}', false],
    ] as const) {
      writeFileSync(path.join(dir, 'in', `${name}.jsonl`), lines + '\n' + '{"id":"y","v":"z"}\n');
      const source = fileDs(ls, 'Json', { type: 'FileServerLocation', folderPath: 'in', fileName: `${name}.jsonl` });
      for (const sinkType of ['Parquet', 'DelimitedText']) {
        const ext = sinkType === 'Parquet' ? 'parquet' : 'csv';
        const r = await both(dir, source, (folder) => fileDs(ls, sinkType, { type: 'FileServerLocation', folderPath: `${folder}-late`, fileName: `${name}.${ext}` }, sinkType === 'Parquet' ? {} : { firstRowAsHeader: true }));
        const logged = r.fast.io.logs.some((l) => new RegExp(`file 'in/${name}.jsonl' copied on the row path, because DuckDB: .*a value of 'v' is not a string`).test(l.message));
        assert.equal(logged, fallsBack, `${name} → ${sinkType}: ${JSON.stringify(r.fast.io.logs)}`);
        assert.deepEqual(metrics(r.fast.out, sinkType !== 'Parquet'), metrics(r.row.out, sinkType !== 'Parquet'));
        assert.equal(r.fast.out.rowsCopied, name === 'group' ? 10_502 : 12_002);
        const [a, b] = ['fast', 'row'].map((f) => path.join(dir, `${f}-late`, `${name}.${ext}`));
        if (sinkType === 'Parquet') assert.deepEqual(await parquetContent(a), await parquetContent(b));
        else assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
      }
    }
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
