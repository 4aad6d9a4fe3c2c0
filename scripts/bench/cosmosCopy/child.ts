/**
 * One measured copy in its own process (so peak RSS is the copy's alone), against a Cosmos DB server run by
 * the benchmark. argv: mode endpoint key database sourceContainer sinkContainer [sampleSize]
 *   product    — the copy engine (createDataServices().copy) with the Copy activity defaults
 *   bulk       — hand-tuned baseline: paged query + items.bulk in batches of 100, 4 batches in flight
 *   sequential — naive loop of items.create on the first sampleSize documents
 * Prints one JSON line {ms, docs, maxRssBytes}. The clock starts before the Cosmos DB SDK is loaded, on both sides:
 * the product loads it on first use, so a baseline that loaded it before its clock started would be timed from a
 * warmer state.
 */
import * as https from 'node:https';
import type { OperationInput } from '@azure/cosmos';
import { createDataServices } from '../../../src/engine/copy';
import type { ActivityIo, ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';

async function main(): Promise<void> {
  const [mode, endpoint, key, database, from, to, sample] = process.argv.slice(2);
  const strip = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_')));
  let docs = 0;
  const t0 = performance.now();
  if (mode === 'product') {
    const ls: ResolvedLinkedService = { name: 'Cosmos', type: 'CosmosDb', typeProperties: { connectionString: `AccountEndpoint=${endpoint}/;AccountKey=${key};Database=${database}` }, secrets: [] };
    const ds = (c: string): ResolvedDataset => ({ name: c, type: 'CosmosDbSqlApiCollection', typeProperties: { collectionName: c }, parameters: {}, linkedService: ls });
    const services = createDataServices({ localCosmos: 'never' });
    const io: ActivityIo = { signal: new AbortController().signal, log: () => {}, progress: () => {}, workDir: process.cwd(), now: () => new Date() };
    const out = (await services.copy({ activityName: 'Bench', typeProperties: { source: { type: 'CosmosDbSqlApiSource' }, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'insert' } }, source: ds(from), sink: ds(to) }, io)) as Record<string, number>;
    docs = out.rowsCopied;
    await services.dispose();
  } else {
    const { BulkOperationType, CosmosClient } = await import('@azure/cosmos');
    const client = new CosmosClient({ endpoint, key, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
    const src = client.database(database).container(from);
    const dst = client.database(database).container(to);
    if (mode === 'bulk') {
      const it = src.items.query('SELECT * FROM c', { maxItemCount: 10_000 });
      while (it.hasMoreResults()) {
        const page = (await it.fetchNext()).resources as Record<string, unknown>[];
        const inflight = new Set<Promise<unknown>>();
        for (let i = 0; i < page.length; i += 100) {
          while (inflight.size >= 4) await Promise.race(inflight);
          const p: Promise<unknown> = dst.items.bulk(page.slice(i, i + 100).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: strip(d) }) as OperationInput)).finally(() => inflight.delete(p));
          inflight.add(p);
        }
        await Promise.all(inflight);
        docs += page.length;
      }
    } else {
      const n = Number(sample);
      const { resources } = await src.items.query(`SELECT TOP ${n} * FROM c`).fetchAll();
      const t1 = performance.now();
      for (const d of resources) {
        await dst.items.create(strip(d));
        docs++;
      }
      process.stdout.write(JSON.stringify({ ms: performance.now() - t1, docs, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
      client.dispose();
      return;
    }
    client.dispose();
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, docs, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  },
);
