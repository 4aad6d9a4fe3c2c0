/**
 * cosmosCopy: Cosmos DB → Cosmos DB copy through the product vs (a) a hand-tuned bulk baseline (items.bulk,
 * batches of 100, 4 in flight) and (b) a naive sequential create loop measured on a sample and extrapolated.
 * 20,000 and 100,000 documents on one embedded server (its own thread); each copy runs in a child process
 * that reports its own time and peak RSS, into a container deleted afterwards so that every copy meets the same
 * server state. Three rounds in alternating orders; the fastest copy counts for speed, the highest peak for memory.
 * Every timed copy starts with the Cosmos DB SDK not yet loaded (see cosmosCopy/child.ts).
 */
import { spawn } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';
import { BulkOperationType, CosmosClient, type Container, type OperationInput } from '@azure/cosmos';
import { startCosmosServerThread } from '../../src/engine/connectors/cosmos/serverHost';

export const name = 'cosmosCopy';

const KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const SIZES = [20_000, 100_000];
const SEQUENTIAL_SAMPLE = 2_000;
const ROUNDS = 3;

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
    // One measured copy into a new container, deleted afterwards: every copy starts from the same server state
    // (only the source containers), whatever ran before it.
    const measure = async (mode: string, n: number, extra: string[] = []) => {
      const to = `${mode}${n}`;
      await make(to);
      try {
        return await child([mode, server.endpoint, KEY, 'bench', `src${n}`, to, ...extra]);
      } finally {
        await database.container(to).delete();
      }
    };
    const rssRatios: number[] = [];
    const rss20k: number[] = [];
    for (const n of SIZES) {
      await fillContainer(await make(`src${n}`), n);
      // Rounds in alternating orders (baseline first, then product first, ...); the fastest copy of each counts.
      const base: Measure[] = [];
      const prod: Measure[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const mode of round % 2 ? ['product', 'bulk'] : ['bulk', 'product']) {
          const m = await measure(mode, n);
          if (m.docs !== n) throw new Error(`copied ${m.docs} of ${n} documents (${mode})`);
          (mode === 'product' ? prod : base).push(m);
        }
      }
      const best = (ms: Measure[]) => ms.reduce((a, b) => (b.ms < a.ms ? b : a));
      const k = n / 1000;
      figures[`docsPerSecond${k}k`] = Math.round((n / best(prod).ms) * 1000);
      figures[`baselineDocsPerSecond${k}k`] = Math.round((n / best(base).ms) * 1000);
      figures[`ratioToBulkBaseline${k}k`] = Math.round((best(base).ms / best(prod).ms) * 1000) / 1000;
      // Peak RSS: the highest of the rounds.
      figures[`peakRssMB${k}k`] = Math.round(Math.max(...prod.map((m) => m.maxRssBytes)) / 1048576);
      figures[`baselinePeakRssMB${k}k`] = Math.round(Math.max(...base.map((m) => m.maxRssBytes)) / 1048576);
      if (n === SIZES[0]) rss20k.push(...prod.map((m) => m.maxRssBytes));
      else rssRatios.push(...prod.map((m, i) => m.maxRssBytes / rss20k[i]));
      // The naive loop on a sample, in the same server state.
      const seq = await measure('sequential', n, [String(SEQUENTIAL_SAMPLE)]);
      const sequentialPerMs = seq.docs / seq.ms;
      figures[`sequentialDocsPerSecond${k}k`] = Math.round(sequentialPerMs * 1000);
      figures[`ratioToSequential${k}k`] = Math.round((n / best(prod).ms / sequentialPerMs) * 10) / 10;
      figures[`baselineRatioToSequential${k}k`] = Math.round((n / best(base).ms / sequentialPerMs) * 10) / 10;
    }
    const last = SIZES[SIZES.length - 1] / 1000;
    return {
      docsPerSecond: figures[`docsPerSecond${last}k`],
      ratioToBulkBaseline: figures[`ratioToBulkBaseline${last}k`],
      ratioToSequential: figures[`ratioToSequential${last}k`],
      // Round by round (same order of runs), the worst of the rounds.
      rssRatio100kTo20k: Math.round(Math.max(...rssRatios) * 1000) / 1000,
      ...figures,
    };
  } finally {
    client.dispose();
    await server.stop();
  }
}
