/**
 * Heap probe for the Cosmos DB copy: tells a retention (memory kept per document) from V8 growing its heap
 * lazily. Not part of `npm run bench`; run by hand:
 *   node --import tsx scripts/bench/cosmosCopy/heapProbe.ts parent 20000 100000
 * The parent starts the embedded server, fills `src<n>` with n benchmark documents and copies each into a new
 * container through the product in a child process run with --expose-gc. The child samples
 * process.memoryUsage() every second right after gc() (heapUsed after GC is what the copy really holds) and
 * prints one JSON line per size: rows, ms, maxHeapAfterGcMB, peaksMB (each memoryUsage field), peakRssMB and
 * the samples. Environment: NOGC=1 samples every 200 ms without forcing GC (what V8 does on its own);
 * PAGE=<n> sets the source pageSize; CHILD_FLAGS='--max-old-space-size=64' passes node flags to the child.
 * The copy runs on the child's main thread (copyIn 'inline'), not on the copy worker the product uses by default.
 */
import { spawn } from 'node:child_process';
import * as https from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { startCosmosServerThread } from '../../../src/engine/connectors/cosmos/serverHost';
import { createDataServices } from '../../../src/engine/copy';
import type { ActivityIo, ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';
import { fillContainer } from '../cosmosCopy';

const KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

function probe(endpoint: string, from: string, to: string): Promise<string> {
  const flags = process.env.CHILD_FLAGS ? process.env.CHILD_FLAGS.split(' ') : [];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', ...flags, '--import', 'tsx', __filename, 'child', endpoint, from, to], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`heap probe child exited with ${code}`))));
  });
}

async function parent(sizes: number[]): Promise<void> {
  const server = await startCosmosServerThread(0);
  const client = new CosmosClient({ endpoint: server.endpoint, key: KEY, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
  try {
    const { database } = await client.databases.createIfNotExists({ id: 'bench' });
    const make = async (id: string) => (await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/customerId'] } })).container;
    for (const n of sizes) {
      await fillContainer(await make(`src${n}`), n);
      await make(`prod${n}`);
      process.stdout.write(`${n} ${await probe(server.endpoint, `src${n}`, `prod${n}`)}\n`);
    }
  } finally {
    client.dispose();
    await server.stop();
  }
}

async function child(endpoint: string, from: string, to: string): Promise<void> {
  const forceGc = !process.env.NOGC;
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: number[] = [];
  const peaks: Record<string, number> = {};
  const sample = () => {
    if (forceGc) gc?.();
    const m = process.memoryUsage();
    for (const [k, v] of Object.entries(m)) peaks[k] = Math.max(peaks[k] ?? 0, Math.round(v / 1048576));
    samples.push(Math.round(m.heapUsed / 1048576));
  };
  const timer = setInterval(sample, forceGc ? 1000 : 200);
  const ls: ResolvedLinkedService = { name: 'Cosmos', type: 'CosmosDb', typeProperties: { connectionString: `AccountEndpoint=${endpoint}/;AccountKey=${KEY};Database=bench` }, secrets: [] };
  const ds = (c: string): ResolvedDataset => ({ name: c, type: 'CosmosDbSqlApiCollection', typeProperties: { collectionName: c }, parameters: {}, linkedService: ls });
  // On the calling thread: the probe samples (and collects) this thread's heap.
  const services = createDataServices({ localCosmos: 'never', copyIn: 'inline' });
  const io: ActivityIo = { signal: new AbortController().signal, log: () => {}, progress: () => {}, workDir: process.cwd(), now: () => new Date() };
  const source = { type: 'CosmosDbSqlApiSource', ...(process.env.PAGE ? { pageSize: Number(process.env.PAGE) } : {}) };
  const t0 = performance.now();
  const out = (await services.copy({ activityName: 'Probe', typeProperties: { source, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'insert' } }, source: ds(from), sink: ds(to) }, io)) as Record<string, number>;
  const ms = Math.round(performance.now() - t0);
  clearInterval(timer);
  sample();
  await services.dispose();
  sample();
  process.stdout.write(JSON.stringify({ rows: out.rowsCopied, ms, forcedGc: forceGc, maxHeapAfterGcMB: forceGc ? peaks.heapUsed : undefined, peaksMB: peaks, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), samplesMB: samples }) + '\n');
}

const [mode, ...args] = process.argv.slice(2);
(mode === 'child' ? child(args[0], args[1], args[2]) : parent(args.map(Number))).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  },
);
