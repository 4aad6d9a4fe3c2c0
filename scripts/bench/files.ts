/**
 * Files: the product's Copy activity on local files (FileServer) against DuckDB's own COPY of the same files in the
 * same run: 1,000,000 CSV rows → Parquet (snappy), Parquet → CSV, JSON Lines → Parquet; and the copy's peak RSS
 * (child process) for 5× the rows against 1×, the mean of two children each. A child's peak RSS is the high-water
 * mark of its own memory (VmHWM on Linux, files/child.ts): getrusage's maxRSS, used before, also counts the RSS of
 * this parent at the fork, which after preparing the 5× files (DuckDB, no memory limit) was about 520 MB, so every
 * 5× child reported at least that much, fast path and row path alike. DuckDB's copies run just before and
 * just after the product's, and its time is the mean of the two, so that load from other work on a shared machine
 * weighs on both sides alike (`…DuckDbMs`, `…DuckDbRangeMs`; `loadAverage`: the 1-minute load average at the start
 * and end). The product's copies take the columnar fast path; the same copies on the row path (`copyPath: 'row'`)
 * are measured too (`…RowPath…` keys). `--rows=N` shrinks the run (default 1,000,000); `--no-row-path` leaves the
 * row path out. Blob → local (the CSV on azurite, to Parquet) adds the
 * `blobCsvToParquet…` keys: fast path vs row path and vs DuckDB's local COPY (files/blob.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { blobFigures } from './files/blob';

export const name = 'files';

const q = (p: string) => `'${p.replace(/'/g, "''")}'`;

async function prepare(con: DuckDBConnection, dir: string, rows: number): Promise<void> {
  await con.run(`COPY (SELECT i AS id, 'name ' || (i % 1000) AS name, 'region' || (i % 7) AS region, round(i * 0.37, 2) AS amount, DATE '2024-01-01' + (i % 365)::INTEGER AS day FROM range(${rows}) t(i)) TO ${q(path.join(dir, 'in.csv'))} (HEADER, DELIMITER ',')`);
  await con.run(`COPY (SELECT * FROM read_csv(${q(path.join(dir, 'in.csv'))}, all_varchar = true)) TO ${q(path.join(dir, 'in.parquet'))} (FORMAT parquet, COMPRESSION snappy)`);
  await con.run(`COPY (SELECT * FROM read_csv(${q(path.join(dir, 'in.csv'))}, all_varchar = true)) TO ${q(path.join(dir, 'in.jsonl'))} (FORMAT json)`);
}

function child(dir: string, copyPath: 'auto' | 'row', jobs: string[], env: Record<string, string> = {}): Promise<{ ms: Record<string, number>; paths: Record<string, string>; maxRssKb: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'files', 'child.ts'), dir, copyPath, ...jobs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`files child failed (${code}): ${err.slice(-500)}`))));
  });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

export async function run(): Promise<Record<string, unknown>> {
  const arg = process.argv.find((a) => a.startsWith('--rows='));
  const rows = arg ? Number(arg.slice(7)) : 1_000_000;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer (got '${arg}').`);
  const dir = mkdtempSync(path.join(tmpdir(), 'adfw-bench-files-'));
  const big = mkdtempSync(path.join(tmpdir(), 'adfw-bench-files5-'));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await prepare(con, dir, rows);
    const f = (n: string) => q(path.join(dir, n));
    const yardstick = {
      csv2pq: `COPY (SELECT * FROM read_csv(${f('in.csv')}, all_varchar = true)) TO ${f('d_out.parquet')} (FORMAT parquet, COMPRESSION snappy)`,
      pq2csv: `COPY (SELECT * FROM read_parquet(${f('in.parquet')})) TO ${f('d_out.csv')} (HEADER, DELIMITER ',')`,
      jsonl2pq: `COPY (SELECT * FROM read_json(${f('in.jsonl')}, format = 'newline_delimited')) TO ${f('d_out_j.parquet')} (FORMAT parquet, COMPRESSION snappy)`,
    };
    const duckOnce = async () => ({
      csv2pq: await timed(() => con.run(yardstick.csv2pq)),
      pq2csv: await timed(() => con.run(yardstick.pq2csv)),
      jsonl2pq: await timed(() => con.run(yardstick.jsonl2pq)),
    });
    const loadStart = loadavg()[0];
    const before = await duckOnce();
    const jobs = ['csv2pq', 'pq2csv', 'jsonl2pq'];
    const check = (r: Awaited<ReturnType<typeof child>>, expected: string) => {
      for (const j of Object.keys(r.paths)) {
        if (r.ms[`${j}Rows`] !== rows * (r === rss5 || r === rowRss5 ? 5 : 1)) throw new Error(`${j} copied ${r.ms[`${j}Rows`]} rows`);
        if (r.paths[j] !== expected) throw new Error(`${j} took the ${r.paths[j]} path, expected ${expected}`);
      }
    };
    let rss5: Awaited<ReturnType<typeof child>> | undefined;
    let rowRss5: Awaited<ReturnType<typeof child>> | undefined;
    const product = await child(dir, 'auto', jobs);
    check(product, 'fast');
    const after = await duckOnce();
    const duck = { csv2pq: (before.csv2pq + after.csv2pq) / 2, pq2csv: (before.pq2csv + after.pq2csv) / 2, jsonl2pq: (before.jsonl2pq + after.jsonl2pq) / 2 };
    const range = (j: keyof typeof duck) => [before[j], after[j]].map(Math.round).sort((a, b) => a - b);
    const withRow = !process.argv.includes('--no-row-path');
    const rowPath = withRow ? await child(dir, 'row', jobs) : undefined;
    if (rowPath) check(rowPath, 'row');
    const rss1 = [await child(dir, 'auto', ['csv2pq']), await child(dir, 'auto', ['csv2pq'])];
    const rowRss1 = withRow ? await child(dir, 'row', ['csv2pq']) : undefined;
    await prepare(con, big, rows * 5);
    const rss5s = [await child(big, 'auto', ['csv2pq']), await child(big, 'auto', ['csv2pq'])];
    for (rss5 of rss5s) check(rss5, 'fast');
    const meanRss = (rs: { maxRssKb: number }[]) => rs.reduce((a, r) => a + r.maxRssKb, 0) / rs.length;
    rowRss5 = withRow ? await child(big, 'row', ['csv2pq']) : undefined;
    const figures: Record<string, unknown> = {
      rows,
      csvToParquetMs: Math.round(product.ms.csv2pq),
      csvToParquetDuckDbMs: Math.round(duck.csv2pq),
      csvToParquetDuckDbRangeMs: range('csv2pq'),
      csvToParquetRatioToDuckDb: product.ms.csv2pq / duck.csv2pq,
      parquetToCsvMs: Math.round(product.ms.pq2csv),
      parquetToCsvDuckDbMs: Math.round(duck.pq2csv),
      parquetToCsvDuckDbRangeMs: range('pq2csv'),
      parquetToCsvRatioToDuckDb: product.ms.pq2csv / duck.pq2csv,
      jsonlToParquetMs: Math.round(product.ms.jsonl2pq),
      jsonlToParquetDuckDbMs: Math.round(duck.jsonl2pq),
      jsonlToParquetDuckDbRangeMs: range('jsonl2pq'),
      jsonlToParquetRatioToDuckDb: product.ms.jsonl2pq / duck.jsonl2pq,
      peakRss1mMb: Math.round(meanRss(rss1) / 1024),
      peakRss5mMb: Math.round(meanRss(rss5s) / 1024),
      peakRss1mRunsMb: rss1.map((r) => Math.round(r.maxRssKb / 1024)),
      peakRss5mRunsMb: rss5s.map((r) => Math.round(r.maxRssKb / 1024)),
      rssRatio5mTo1m: meanRss(rss5s) / meanRss(rss1),
      loadAverage: [loadStart, loadavg()[0]].map((l) => Math.round(l * 100) / 100),
    };
    if (rowPath && rowRss1 && rowRss5) {
      Object.assign(figures, {
        csvToParquetRowPathMs: Math.round(rowPath.ms.csv2pq),
        csvToParquetRowPathRatioToDuckDb: rowPath.ms.csv2pq / duck.csv2pq,
        parquetToCsvRowPathMs: Math.round(rowPath.ms.pq2csv),
        parquetToCsvRowPathRatioToDuckDb: rowPath.ms.pq2csv / duck.pq2csv,
        jsonlToParquetRowPathMs: Math.round(rowPath.ms.jsonl2pq),
        jsonlToParquetRowPathRatioToDuckDb: rowPath.ms.jsonl2pq / duck.jsonl2pq,
        rowPathPeakRss1mMb: Math.round(rowRss1.maxRssKb / 1024),
        rowPathPeakRss5mMb: Math.round(rowRss5.maxRssKb / 1024),
        rowPathRssRatio5mTo1m: rowRss5.maxRssKb / rowRss1.maxRssKb,
      });
    }
    // Blob → local (azurite): the fast path against the row path in the same run (`blobCsvToParquet…` keys).
    Object.assign(figures, await blobFigures(dir, rows, withRow, duck.csv2pq, child));
    return figures;
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
    rmSync(big, { recursive: true, force: true });
  }
}
