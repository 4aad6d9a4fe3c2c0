/**
 * Data flows. Baselines measured in the same run:
 * - execution: the same query written by hand in DuckDB SQL over the same CSV file (read_csv + GROUP BY),
 *   against our run (connector read, typed source, staged tables per transformation, sink write);
 * - parsing: JSON.parse of the data flow files, against parsing + printing their scripts.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadFactory } from '../../src/engine/model/loader';
import { parseScript, printScript, previewDataFlow, runDataFlowActivity } from '../../src/engine/dataflow';
import { datasetResolver } from '../../src/engine/run/dataflowResolver';

export const name = 'dataflow';

const ROWS = 200_000;

function factory(root: string, data: string): void {
  for (const d of ['dataflow', 'dataset', 'linkedService']) mkdirSync(path.join(root, d), { recursive: true });
  const w = (p: string, o: unknown) => writeFileSync(path.join(root, `${p}.json`), JSON.stringify(o));
  w('linkedService/Files', { name: 'Files', properties: { type: 'FileServer', typeProperties: { host: data } } });
  const csv = (n: string, file: string) => ({ name: n, properties: { type: 'DelimitedText', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', fileName: file }, columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '\\' } } });
  w('dataset/Sales', csv('Sales', 'sales.csv'));
  w('dataset/Out', csv('Out', 'out.csv'));
  w('dataflow/Bench', {
    name: 'Bench',
    properties: {
      type: 'MappingDataFlow',
      typeProperties: {
        sources: [{ name: 'Sales', dataset: { referenceName: 'Sales', type: 'DatasetReference' } }],
        sinks: [{ name: 'Totals', dataset: { referenceName: 'Out', type: 'DatasetReference' } }],
        scriptLines: [
          'source(output(id as integer, region as string, amount as double), allowSchemaDrift: false) ~> Sales',
          "Sales derive(amount2 = round(amount * 1.2, 2), big = iif(amount > 500, 'y', 'n')) ~> Derived",
          'Derived filter(amount2 > 10) ~> Filtered',
          'Filtered aggregate(groupBy(region, big), total = sum(amount2), n = count()) ~> Agg',
          'Agg sink() ~> Totals',
        ],
      },
    },
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-bench-df-'));
  try {
    const data = path.join(root, 'data');
    mkdirSync(data);
    const lines = ['id,region,amount'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i},r${i % 20},${((i * 7919) % 100000) / 100}`);
    writeFileSync(path.join(data, 'sales.csv'), lines.join('\n'));
    factory(path.join(root, 'f'), data);
    const f = await loadFactory(path.join(root, 'f'));
    const resolve = datasetResolver(f);

    // Baseline: the same query in plain DuckDB SQL.
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const sql = `SELECT region, CASE WHEN amount > 500 THEN 'y' ELSE 'n' END AS big, sum(round(amount * 1.2, 2)) AS total, count(*) AS n FROM read_csv('${path.join(data, 'sales.csv')}', header = true) WHERE round(amount * 1.2, 2) > 10 GROUP BY ALL`;
    await conn.runAndReadAll(sql);
    const b0 = performance.now();
    await conn.runAndReadAll(sql);
    const baseMs = performance.now() - b0;
    conn.closeSync();
    inst.closeSync();

    const io = { signal: new AbortController().signal, log: () => {}, progress: () => {}, workDir: path.join(root, 'work'), now: () => new Date() };
    await runDataFlowActivity(f, { dataflow: { referenceName: 'Bench' } }, io, resolve); // warm-up
    const r0 = performance.now();
    const out = (await runDataFlowActivity(f, { dataflow: { referenceName: 'Bench' } }, io, resolve)) as any;
    const runMs = performance.now() - r0;
    const p0 = performance.now();
    await previewDataFlow({ factory: f, dataflow: 'Bench', stream: 'Derived', rows: 100, resolveDataset: resolve, workDir: path.join(root, 'work') });
    const previewMs = performance.now() - p0;

    // Parsing the real corpus (when present: ADFW_CORPUS, default ../shared/corpus/adf) against JSON.parse of the same files.
    const corpus = path.resolve(__dirname, '../..', process.env.ADFW_CORPUS || '../shared/corpus/adf');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = path.join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (path.basename(d) === 'dataflow' && n.endsWith('.json')) files.push(p);
      }
    };
    let parse: Record<string, unknown> = {};
    if (existsSync(corpus)) {
      walk(corpus);
      const texts = files.map((p) => readFileSync(p, 'utf8').replace(/^\uFEFF/, ''));
      const j0 = performance.now();
      const docs = texts.map((t) => JSON.parse(t));
      const jsonMs = performance.now() - j0;
      const scripts = docs.map((d) => d?.properties?.typeProperties).filter((tp) => tp && (tp.script || tp.scriptLines)).map((tp) => tp.script ?? tp.scriptLines.join('\n'));
      const s0 = performance.now();
      for (const s of scripts) printScript(parseScript(s));
      const parseMs = performance.now() - s0;
      parse = { corpusScripts: scripts.length, corpusParsePrintMs: Math.round(parseMs), corpusParsePrintVsJsonParseRatio: parseMs / jsonMs };
    }
    return {
      rows: ROWS,
      baselineDuckDbSqlMs: Math.round(baseMs),
      dataFlowRunMs: Math.round(runMs),
      dataFlowRunVsPlainSqlRatio: runMs / baseMs,
      rowsPerSecond: Math.round(ROWS / (runMs / 1000)),
      rowsWritten: out.runStatus.metrics.Totals.rowsWritten,
      preview100RowsMs: Math.round(previewMs),
      previewVsPlainSqlRatio: previewMs / baseMs,
      ...parse,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
