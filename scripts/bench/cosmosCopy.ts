/**
 * cosmosCopy: Cosmos DB → Cosmos DB copy through the product vs (a) a hand-tuned bulk baseline (items.bulk,
 * batches of 100, 4 in flight) and (b) a naive sequential create loop measured on a sample and extrapolated.
 * 20,000 and 100,000 documents on one embedded server (its own thread); each copy runs in a child process
 * that reports its own time and peak RSS.
 */
import { spawn } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';
import { BulkOperationType, CosmosClient, type Container, type OperationInput } from '@azure/cosmos';
import { startCosmosServerThread } from '../../src/engine/connectors/cosmos/serverHost';

export const name = 'cosmosCopy';

const KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const SIZES = [20_000, 100_000];
const SEQUENTIAL_SAMPLE = 500;

interface Measure {
  ms: number;
  docs: number;
  maxRssBytes: number;
}

function child(args: string[]): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'cosmosCopy', 'child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`benchmark child ${args[0]} failed: ${err}`))));
  });
}

/** The benchmark document number i (an order with two lines), also used by the heap probe. */
export function doc(i: number): Record<string, unknown> {
  return {
    id: `ORD-${String(i).padStart(7, '0')}`,
    customerId: `CUST-${(i * 7919) % 5000}`,
    status: ['placed', 'paid', 'shipped', 'delivered'][i % 4],
    placedAt: new Date(Date.UTC(2025, 0, 1) + i * 61_000).toISOString(),
    lines: [
      { sku: `SKU-${i % 300}`, quantity: 1 + (i % 3), unitPrice: 9.5 + (i % 40) },
      { sku: `SKU-${(i + 7) % 300}`, quantity: 1, unitPrice: 4.25 },
    ],
    total: Math.round((i % 1000) * 1.7 * 100) / 100,
  };
}

/** Fills a container with `n` generated orders (bulk creates of 100, 6 requests in flight). */
export async function fillContainer(container: Container, n: number): Promise<void> {
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < n; i += 100) {
    inflight.push(container.items.bulk(Array.from({ length: Math.min(100, n - i) }, (_, k) => ({ operationType: BulkOperationType.Create, resourceBody: doc(i + k) }) as OperationInput)));
    if (inflight.length >= 6) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
}

export async function run(): Promise<Record<string, unknown>> {
  const server = await startCosmosServerThread(0);
  const client = new CosmosClient({ endpoint: server.endpoint, key: KEY, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
  try {
    const { database } = await client.databases.createIfNotExists({ id: 'bench' });
    const make = async (id: string) => (await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/customerId'] } })).container;
    const figures: Record<string, number> = {};
    let sequentialDocsPerSecond = 0;
    for (const n of SIZES) {
      await fillContainer(await make(`src${n}`), n);
      await make(`base${n}`);
      await make(`prod${n}`);
      const base = await child(['bulk', server.endpoint, KEY, 'bench', `src${n}`, `base${n}`]);
      const prod = await child(['product', server.endpoint, KEY, 'bench', `src${n}`, `prod${n}`]);
      if (prod.docs !== n || base.docs !== n) throw new Error(`copied ${prod.docs} (product) / ${base.docs} (baseline) of ${n} documents`);
      const k = n / 1000;
      figures[`docsPerSecond${k}k`] = Math.round((n / prod.ms) * 1000);
      figures[`baselineDocsPerSecond${k}k`] = Math.round((n / base.ms) * 1000);
      figures[`ratioToBulkBaseline${k}k`] = Math.round((base.ms / prod.ms) * 1000) / 1000;
      figures[`peakRssMB${k}k`] = Math.round(prod.maxRssBytes / 1048576);
      figures[`baselinePeakRssMB${k}k`] = Math.round(base.maxRssBytes / 1048576);
      // The naive loop on a sample, right after the product run (same server state and machine load).
      await make(`seq${n}`);
      const seq = await child(['sequential', server.endpoint, KEY, 'bench', `src${n}`, `seq${n}`, String(SEQUENTIAL_SAMPLE)]);
      sequentialDocsPerSecond = (seq.docs / seq.ms) * 1000;
      figures[`sequentialDocsPerSecond${k}k`] = Math.round(sequentialDocsPerSecond);
      figures[`ratioToSequential${k}k`] = Math.round((n / prod.ms / (seq.docs / seq.ms)) * 10) / 10;
    }
    const last = SIZES[SIZES.length - 1] / 1000;
    const first = SIZES[0] / 1000;
    return {
      docsPerSecond: figures[`docsPerSecond${last}k`],
      ratioToBulkBaseline: figures[`ratioToBulkBaseline${last}k`],
      ratioToSequential: figures[`ratioToSequential${last}k`],
      rssRatio100kTo20k: Math.round((figures[`peakRssMB${last}k`] / figures[`peakRssMB${first}k`]) * 1000) / 1000,
      ...figures,
    };
  } finally {
    client.dispose();
    await server.stop();
  }
}
