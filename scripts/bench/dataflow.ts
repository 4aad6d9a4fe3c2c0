/**
 * Data flows. Baselines measured in the same run:
 * - execution: derive → filter → aggregate → sink at 200,000 and 2,000,000 CSV rows, against the same query written
 *   by hand in DuckDB SQL (COPY (SELECT … FROM read_csv(…) WHERE … GROUP BY …) TO the same kind of file); at
 *   200,000 rows also the run with push-down off (rows through the JavaScript connectors), for reference;
 * - preview: 100 rows of a stream over the 2,000,000-row source with the default debug row limit, against the full
 *   run over the same source;
 * - parsing: JSON.parse of the data flow files, against parsing + printing their scripts.
 * Each timing is the fastest of 5 rounds after a warm-up (was 3: on a shared 2-core machine a 20 ms preview often
 * met no quiet moment in 3 rounds; every timing, run and baseline alike, takes the same number of rounds). A CSV source's dialect is sniffed once per file version
 * and reused while the file is unchanged, so the rounds after the warm-up do not sniff; the `…Uncached…` figures
 * give the same work with the source file's modification time changed before each round (sniffed every time).
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, readdirSync, statSync, existsSync, createWriteStream, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadFactory } from '../../src/engine/model/loader';
import { DEFAULT_PREVIEW_ROW_LIMIT, parseScript, printScript, previewDataFlow, runDataFlowActivity } from '../../src/engine/dataflow';
import { datasetResolver } from '../../src/engine/run/dataflowResolver';

export const name = 'dataflow';

const SIZES = [200_000, 2_000_000];
const ROUNDS = 5;

function factory(root: string, data: string, out: string): void {
  for (const d of ['dataflow', 'dataset', 'linkedService']) mkdirSync(path.join(root, d), { recursive: true });
  const w = (p: string, o: unknown) => writeFileSync(path.join(root, `${p}.json`), JSON.stringify(o));
  w('linkedService/Files', { name: 'Files', properties: { type: 'FileServer', typeProperties: { host: data } } });
  w('linkedService/Out', { name: 'Out', properties: { type: 'FileServer', typeProperties: { host: out } } });
  const csv = (n: string, ls: string, file: unknown) => ({ name: n, properties: { type: 'DelimitedText', linkedServiceName: { referenceName: ls, type: 'LinkedServiceReference' }, parameters: typeof file === 'string' ? {} : { file: { type: 'String' } }, typeProperties: { location: { type: 'FileServerLocation', fileName: file }, columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '\\' } } });
  // The source file is a dataset parameter, set per size through the activity's datasetParameters.
  w('dataset/Sales', csv('Sales', 'Files', { value: '@dataset().file', type: 'Expression' }));
  w('dataset/Out', csv('Out', 'Out', 'out.csv'));
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

async function writeCsv(file: string, rows: number): Promise<void> {
  const ws = createWriteStream(file);
  ws.write('id,region,amount\n');
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(rows, i + 10_000); j++) chunk += `${j},r${j % 20},${((j * 7919) % 100000) / 100}\n`;
    if (!ws.write(chunk)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => ws.end((e?: Error | null) => (e ? j(e) : r())));
}

/** A new modification time for the file (one second later each call): the file counts as changed. */
let touches = 0;
function touch(file: string): void {
  const t = new Date(Date.now() + ++touches * 1000);
  utimesSync(file, t, t);
}

async function fastest(rounds: number, f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export async function run(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-bench-df-'));
  try {
    const data = path.join(root, 'data');
    const out = path.join(root, 'out');
    mkdirSync(data);
    mkdirSync(out);
    factory(path.join(root, 'f'), data, out);
    const f = await loadFactory(path.join(root, 'f'));
    const resolve = datasetResolver(f);
    const io = { signal: new AbortController().signal, log: () => {}, progress: () => {}, workDir: path.join(root, 'work'), now: () => new Date() };
    const figures: Record<string, unknown> = {};
    const ratios: number[] = [];
    let fullRunMs = 0;
    let rowsWritten = 0;
    for (const rows of SIZES) {
      const file = `sales-${rows}.csv`;
      await writeCsv(path.join(data, file), rows);
      const label = rows >= 1_000_000 ? `${rows / 1_000_000}m` : `${rows / 1000}k`;
      // Baseline: the same query in plain DuckDB SQL, written to a CSV file like the sink.
      const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
      const conn = await inst.connect();
      const src = path.join(data, file).replace(/'/g, "''");
      const dst = path.join(out, 'baseline.csv').replace(/'/g, "''");
      const sql = `COPY (SELECT region, CASE WHEN amount > 500 THEN 'y' ELSE 'n' END AS big, sum(round(amount * 1.2, 2)) AS total, count(*) AS n FROM read_csv('${src}', header = true) WHERE round(amount * 1.2, 2) > 10 GROUP BY ALL) TO '${dst}' (HEADER true)`;
      const baseMs = await fastest(ROUNDS, () => conn.run(sql));
      conn.closeSync();
      inst.closeSync();
      const activity = { dataflow: { referenceName: 'Bench', datasetParameters: { Sales: { file } } } };
      let output: any;
      const runMs = await fastest(ROUNDS, async () => (output = await runDataFlowActivity(f, activity, io, resolve)));
      rowsWritten = output.runStatus.metrics.Totals.rowsWritten;
      figures[`baselineDuckDbSql${label}Ms`] = Math.round(baseMs);
      figures[`dataFlowRun${label}Ms`] = Math.round(runMs);
      figures[`dataFlowRunVsPlainSql${label}Ratio`] = runMs / baseMs;
      figures[`rowsPerSecond${label}`] = Math.round(rows / (runMs / 1000));
      ratios.push(runMs / baseMs);
      if (rows === SIZES[0]) {
        const uncachedMs = await fastest(ROUNDS, () => (touch(path.join(data, file)), runDataFlowActivity(f, activity, io, resolve)));
        figures[`dataFlowRunUncached${label}Ms`] = Math.round(uncachedMs);
        figures[`dataFlowRunUncachedVsPlainSql${label}Ratio`] = uncachedMs / baseMs;
        const jsMs = await fastest(1, () => runDataFlowActivity(f, activity, io, resolve, { pushDown: false }));
        figures[`connectorPathRun${label}Ms`] = Math.round(jsMs);
        figures[`connectorPathVsPlainSql${label}Ratio`] = jsMs / baseMs;
      }
      if (rows === SIZES[SIZES.length - 1]) {
        fullRunMs = runMs;
        // Preview: 100 rows of the derived stream, sources read up to the default debug row limit.
        const fBig = await loadFactory(path.join(root, 'f'));
        fBig.resources.dataset.get('Sales')!.properties.parameters.file.defaultValue = file;
        const preview = () => previewDataFlow({ factory: fBig, dataflow: 'Bench', stream: 'Derived', rows: 100, sourceRows: DEFAULT_PREVIEW_ROW_LIMIT, resolveDataset: datasetResolver(fBig), workDir: io.workDir });
        const previewMs = await fastest(ROUNDS, preview);
        figures[`preview100Rows${label}Ms`] = Math.round(previewMs);
        figures.previewVsRunRatio = previewMs / fullRunMs;
        const uncachedMs = await fastest(ROUNDS, () => (touch(path.join(data, file)), preview()));
        figures[`preview100Rows${label}UncachedMs`] = Math.round(uncachedMs);
        figures.previewUncachedVsRunRatio = uncachedMs / fullRunMs;
      }
    }
    figures.rowsWritten = rowsWritten;
    figures.dataFlowRunVsPlainSqlRatio = Math.max(...ratios);

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
    return { dataFlowRunVsPlainSqlRatio: figures.dataFlowRunVsPlainSqlRatio, previewVsRunRatio: figures.previewVsRunRatio, ...figures, ...parse };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
