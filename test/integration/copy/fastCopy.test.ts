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
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createDataServices } from '../../../src/engine/copy';
import type { DataServices, ResolvedDataset } from '../../../src/engine/contracts/types';
import { fileDs, fileLs, testIo, type TestIo } from './helpers';

type Table = { columns: string[]; rows: (string | null)[][] };

let root: string;
let fast: DataServices;
let rowPath: DataServices;
let db: DuckDBInstance;
let con: DuckDBConnection;
let runs = 0;
let fastRuns = 0;

const q = (p: string) => `'${p.replace(/'/g, "''")}'`;

/** Runs the same copy on both paths into two folders; returns both outputs and logs. */
async function both(dir: string, source: ResolvedDataset, sinkOf: (folder: string) => ResolvedDataset, tp: Record<string, unknown> = {}) {
  const result = [];
  for (const [name, services] of [['fast', fast], ['row', rowPath]] as const) {
    const io = testIo(path.join(dir, `work-${name}`));
    const out = (await services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {}, ...tp }, source, sink: sinkOf(name) }, io)) as Record<string, any>;
    result.push({ out, io });
  }
  runs++;
  if (!result[0].io.logs.some((l) => /row path/.test(l.message))) fastRuns++;
  return { fast: result[0], row: result[1] };
}

const metrics = (o: Record<string, any>, withBytes: boolean) => ({ rowsRead: o.rowsRead, rowsCopied: o.rowsCopied, rowsSkipped: o.rowsSkipped, dataRead: o.dataRead, filesRead: o.filesRead, filesWritten: o.filesWritten, ...(withBytes ? { dataWritten: o.dataWritten } : {}), errors: o.errors });

async function parquetContent(file: string) {
  const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q(file)})`)).getRowObjectsJson().map((r) => [r.column_name, r.column_type]);
  const rows = (await con.runAndReadAll(`SELECT * FROM read_parquet(${q(file)})`)).getRowsJson();
  return { types, rows };
}

// Awkward values: quotes, escapes, delimiters, line breaks, unicode, large numbers as text, the null text.
const awkward = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('"', '""', '\\', '\\"', ',', ';', '\t', '\r\n', '\n', '\r', 'a\nb', ' ', 'é', '日本', '😀', '12345678901234567890123', '-0.5e10', 'NULL', '', 'True', '0x1F') },
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
    fast = createDataServices({ localCosmos: 'never', copyIn: 'inline' });
    rowPath = createDataServices({ localCosmos: 'never', copyIn: 'inline', copyPath: 'row' });
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
  });
  after(async () => {
    await fast.dispose();
    await rowPath.dispose();
    con.closeSync();
    db.closeSync();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives the row path’s files and metrics for generated CSV, JSON Lines and Parquet sources (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(tableArb, fc.constantFrom('csv', 'jsonl', 'parquet'), fc.constantFrom('"', '\\'), fc.boolean(), csvSinkArb, fc.constantFrom('DelimitedText', 'Parquet'), async (table, format, escape, emptyFile, sinkSettings, sinkType) => {
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
            await con.run(`COPY (${select}) TO ${q(path.join(dir, 'in', 'data.parquet'))} (FORMAT parquet)`);
            source = fileDs(ls, 'Parquet', { type: 'FileServerLocation', folderPath: 'in', fileName: 'data.parquet' });
          }
        }
        const ext = sinkType === 'Parquet' ? 'parquet' : 'csv';
        const sinkOf = (folder: string) => fileDs(ls, sinkType, { type: 'FileServerLocation', folderPath: folder, fileName: `out.${ext}` }, sinkType === 'Parquet' ? {} : { ...sinkSettings, encodingName: 'UTF-8' });
        const r = await both(dir, source, sinkOf);
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
});
