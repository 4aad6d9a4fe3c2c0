/**
 * Child of the files benchmark: runs the product's copies over files prepared by the parent and prints their
 * durations and this process's peak RSS as JSON. Args: data folder, then the copies to run (csv2pq, pq2csv, jsonl2pq).
 */
import { createDataServices } from '../../../src/engine/copy';
import type { ActivityIo, ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';

async function main(): Promise<void> {
  const [dir, ...jobs] = process.argv.slice(2);
  const ls: ResolvedLinkedService = { name: 'Files', type: 'FileServer', typeProperties: { host: dir }, secrets: [] };
  const ds = (type: string, fileName: string, extra: Record<string, unknown> = {}): ResolvedDataset => ({ name: fileName, type, typeProperties: { location: { type: 'FileServerLocation', fileName }, ...extra }, parameters: {}, linkedService: ls });
  const csv = (f: string) => ds('DelimitedText', f, { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' });
  const pq = (f: string) => ds('Parquet', f, { compressionCodec: 'snappy' });
  const services = createDataServices({ localCosmos: 'never' });
  const io: ActivityIo = { signal: new AbortController().signal, log: () => {}, progress: () => {}, workDir: dir, now: () => new Date() };
  const pairs: Record<string, [ResolvedDataset, ResolvedDataset]> = {
    csv2pq: [csv('in.csv'), pq('p_out.parquet')],
    pq2csv: [pq('in.parquet'), csv('p_out.csv')],
    jsonl2pq: [ds('Json', 'in.jsonl'), pq('p_out_j.parquet')],
  };
  const ms: Record<string, number> = {};
  for (const j of jobs) {
    const t = performance.now();
    const out = (await services.copy({ activityName: 'Bench', typeProperties: { source: {}, sink: {} }, source: pairs[j][0], sink: pairs[j][1] }, io)) as Record<string, number>;
    ms[j] = performance.now() - t;
    ms[`${j}Rows`] = out.rowsCopied;
  }
  await services.dispose();
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exit(1);
  },
);
