/**
 * Child of the files benchmark: runs the product's copies over files prepared by the parent and prints their
 * durations, the path each copy took and this process's peak RSS as JSON. Args: data folder, `auto` (the product's
 * choice: the columnar fast path) or `row` (the row path), then the copies to run (csv2pq, pq2csv, jsonl2pq; blobcsv2pq
 * with ADFW_BENCH_BLOB, an azurite connection string).
 */
import { readFileSync } from 'node:fs';
import { createDataServices } from '../../../src/engine/copy';
import type { ActivityIo, ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';

async function main(): Promise<void> {
  const [dir, copyPath, ...jobs] = process.argv.slice(2);
  if (copyPath !== 'auto' && copyPath !== 'row') throw new Error(`copy path must be auto or row (got '${copyPath}')`);
  const ls: ResolvedLinkedService = { name: 'Files', type: 'FileServer', typeProperties: { host: dir }, secrets: [] };
  const ds = (type: string, fileName: string, extra: Record<string, unknown> = {}): ResolvedDataset => ({ name: fileName, type, typeProperties: { location: { type: 'FileServerLocation', fileName }, ...extra }, parameters: {}, linkedService: ls });
  const csv = (f: string) => ds('DelimitedText', f, { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' });
  const pq = (f: string) => ds('Parquet', f, { compressionCodec: 'snappy' });
  const services = createDataServices({ localCosmos: 'never', copyPath });
  const logs: string[] = [];
  const io: ActivityIo = { signal: new AbortController().signal, log: (_, m) => logs.push(m), progress: () => {}, workDir: dir, now: () => new Date() };
  const pairs: Record<string, [ResolvedDataset, ResolvedDataset]> = {
    csv2pq: [csv('in.csv'), pq('p_out.parquet')],
    pq2csv: [pq('in.parquet'), csv('p_out.csv')],
    jsonl2pq: [ds('Json', 'in.jsonl'), pq('p_out_j.parquet')],
  };
  // The same CSV on Blob storage (files/blob.ts passes the azurite connection string).
  const blobConnection = process.env.ADFW_BENCH_BLOB;
  if (blobConnection) {
    const blob: ResolvedLinkedService = { name: 'Blob', type: 'AzureBlobStorage', typeProperties: { connectionString: blobConnection }, secrets: [] };
    const source = csv('in.csv');
    pairs.blobcsv2pq = [{ ...source, typeProperties: { ...source.typeProperties, location: { type: 'AzureBlobStorageLocation', container: 'bench', fileName: 'in.csv' } }, linkedService: blob }, pq('p_out_b.parquet')];
  }
  // Warm-up: the first copy starts the copy worker thread and loads its modules (and DuckDB); the yardstick's
  // DuckDB instance is also created before it is timed.
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${dir}/warmup.csv`, 'a,b\r\n1,2\r\n');
  await services.copy({ activityName: 'Warmup', typeProperties: { source: {}, sink: {} }, source: csv('warmup.csv'), sink: pq('warmup.parquet') }, io);
  const ms: Record<string, number> = {};
  const paths: Record<string, string> = {};
  for (const j of jobs) {
    logs.length = 0;
    const t = performance.now();
    const out = (await services.copy({ activityName: 'Bench', typeProperties: { source: {}, sink: {} }, source: pairs[j][0], sink: pairs[j][1] }, io)) as Record<string, number>;
    ms[j] = performance.now() - t;
    ms[`${j}Rows`] = out.rowsCopied;
    paths[j] = logs.some((m) => /row path/.test(m)) ? 'row' : 'fast';
  }
  await services.dispose();
  process.stdout.write(JSON.stringify({ ms, paths, maxRssKb: peakRssKb() }) + '\n');
}

/**
 * This process's peak RSS in kB. On Linux, the high-water mark of its own memory (VmHWM): getrusage's maxRSS (what
 * `process.resourceUsage().maxRSS` reads) also keeps the RSS of the process it was forked from, so a child of a
 * parent holding 500 MB reported 500 MB whatever it used itself. maxRSS where /proc is missing.
 */
function peakRssKb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS;
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exit(1);
  },
);
