/**
 * Incremental publishing of a 1,000-resource factory against the ARM emulator. Baseline measured in the same
 * run: the full publish of the same factory (every resource written). Figures: writes and time of an
 * incremental publish after one change (goal ≤ 5 writes, ≤ 0.1× the full publish), and of the same change
 * found by a full comparison (every resource read, no state).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/engine/emulator';
import { RemoteSession, StaticTokenCredential } from '../../src/engine/remote';
import { publishFactory } from '../../src/engine/publish';
import { loadFactory } from '../../src/engine/model';

export const name = 'publish';

const TOKEN = 'bench-token';
const SUB = 'bench-sub';
const RG = 'bench-rg';
const LINKED = 50;
const DATASETS = 350;
const PIPELINES = 600;

async function writeFactory(dir: string): Promise<void> {
  for (const k of ['linkedService', 'dataset', 'pipeline']) await fs.mkdir(path.join(dir, k), { recursive: true });
  const w = (kind: string, n: string, properties: unknown) => fs.writeFile(path.join(dir, kind, `${n}.json`), JSON.stringify({ name: n, properties }, null, '\t'));
  for (let i = 0; i < LINKED; i++) await w('linkedService', `LS_${i}`, { type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: `https://st${i}.blob.core.windows.net/` } });
  for (let i = 0; i < DATASETS; i++) await w('dataset', `DS_${i}`, { type: 'DelimitedText', linkedServiceName: { referenceName: `LS_${i % LINKED}`, type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'AzureBlobStorageLocation', container: `c${i}` }, columnDelimiter: ',' } });
  for (let i = 0; i < PIPELINES; i++) {
    await w('pipeline', `PL_${i}`, {
      activities: [
        { name: 'Copy', type: 'Copy', dependsOn: [], inputs: [{ referenceName: `DS_${i % DATASETS}`, type: 'DatasetReference' }], outputs: [{ referenceName: `DS_${(i + 1) % DATASETS}`, type: 'DatasetReference' }], typeProperties: { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } } },
        { name: 'Wait', type: 'Wait', dependsOn: [{ activity: 'Copy', dependencyConditions: ['Succeeded'] }], typeProperties: { waitTimeInSeconds: i % 60 } },
      ],
      parameters: { n: { type: 'int', defaultValue: i } },
    });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const em = await startEmulator({ token: TOKEN, pageSize: 50 });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-bench-publish-'));
  try {
    await writeFactory(dir);
    const s = await RemoteSession.create({ credential: new StaticTokenCredential(TOKEN), endpoint: em.url, ca: em.ca });
    const client = await s.dataFactory(SUB);
    for (const f of ['incr', 'full']) await client.factories.createOrUpdate(RG, f, { location: 'westeurope' });
    const writes = () => em.requests.filter((r) => r.method !== 'GET').length;
    let factory = await loadFactory(dir);
    const resources = LINKED + DATASETS + PIPELINES;

    // Baseline: the full publish (into an empty factory, state written).
    em.requests.length = 0;
    let t = performance.now();
    const full = await publishFactory(s, { subscriptionId: SUB, resourceGroup: RG, factory: 'incr' }, factory, { incremental: true });
    const fullMs = performance.now() - t;
    // The emulator's request log keeps the last 1,000 requests: count the full publish's writes from its result.
    const fullWrites = full.summary.create + full.summary.update + (full.stateWritten ? 1 : 0);
    if (!full.ok || full.summary.create !== resources) throw new Error(`full publish: ${JSON.stringify(full.summary)}`);
    await publishFactory(s, { subscriptionId: SUB, resourceGroup: RG, factory: 'full' }, factory);

    // One change.
    const file = path.join(dir, 'pipeline', 'PL_123.json');
    const j = JSON.parse(await fs.readFile(file, 'utf8'));
    j.properties.activities[1].typeProperties.waitTimeInSeconds = 999;
    await fs.writeFile(file, JSON.stringify(j, null, '\t'));
    factory = await loadFactory(dir);

    em.requests.length = 0;
    t = performance.now();
    const incr = await publishFactory(s, { subscriptionId: SUB, resourceGroup: RG, factory: 'incr' }, factory, { incremental: true });
    const incrMs = performance.now() - t;
    const incrWrites = writes();
    const incrRequests = em.requests.length;
    if (!incr.ok || incr.summary.update !== 1 || !incr.incremental?.used) throw new Error(`incremental publish: ${JSON.stringify(incr.summary)} ${JSON.stringify(incr.incremental)}`);

    em.requests.length = 0;
    t = performance.now();
    const cmp = await publishFactory(s, { subscriptionId: SUB, resourceGroup: RG, factory: 'full' }, factory);
    const cmpMs = performance.now() - t;
    const cmpWrites = writes();
    const cmpRequests = em.requests.length;
    if (!cmp.ok || cmp.summary.update !== 1) throw new Error(`comparing publish: ${JSON.stringify(cmp.summary)}`);

    return {
      resources,
      fullPublishMs: Math.round(fullMs),
      fullPublishWrites: fullWrites,
      incrementalOneChangeMs: Number(incrMs.toFixed(1)),
      incrementalOneChangeWrites: incrWrites,
      incrementalOneChangeRequests: incrRequests,
      incrementalOverFull: Number((incrMs / fullMs).toFixed(4)),
      incrementalWritesGoal: incrWrites <= 5 ? 'met (≤ 5)' : 'NOT met (> 5)',
      incrementalTimeGoal: incrMs / fullMs <= 0.1 ? 'met (≤ 0.1×)' : 'NOT met (> 0.1×)',
      comparingOneChangeMs: Math.round(cmpMs),
      comparingOneChangeWrites: cmpWrites,
      comparingOneChangeRequests: cmpRequests,
      comparingOverFull: Number((cmpMs / fullMs).toFixed(3)),
    };
  } finally {
    await em.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
