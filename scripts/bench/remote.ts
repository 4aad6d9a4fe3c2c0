/**
 * Remote factories against the ARM emulator. Baseline measured in the same run: the same PUTs sent
 * with node's https module directly (keep-alive, no SDK). Figures: SDK overhead per request, publish
 * cost per resource (first deploy and converged rerun), and createRun→final round trip.
 */
import { promises as fs } from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/engine/emulator';
import { RemoteSession, StaticTokenCredential, putResource, createRun, waitForRun } from '../../src/engine/remote';
import { publishFactory } from '../../src/engine/publish';
import { loadFactory } from '../../src/engine/model/loader';

export const name = 'remote';

const N = 200;
const TOKEN = 'bench-token';
const SUB = 'bench-sub';
const RG = 'bench-rg';

function pipeline(i: number) {
  return { activities: [{ name: 'Wait', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }], parameters: { n: { type: 'int', defaultValue: i } } };
}

function rawPut(url: string, ca: string, agent: https.Agent, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = https.request(url, { method: 'PUT', ca, agent, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(text);
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const em = await startEmulator({ token: TOKEN, pageSize: 50 });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-bench-remote-'));
  try {
    const s = await RemoteSession.create({ credential: new StaticTokenCredential(TOKEN), endpoint: em.url, ca: em.ca });
    const client = await s.dataFactory(SUB);
    for (const f of ['raw', 'sdk', 'pub']) await client.factories.createOrUpdate(RG, f, { location: 'westeurope' });
    const base = `${em.url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories`;
    const agent = new https.Agent({ keepAlive: true, ca: em.ca });
    let t = performance.now();
    for (let i = 0; i < N; i++) if ((await rawPut(`${base}/raw/pipelines/p${i}?api-version=2018-06-01`, em.ca, agent, { properties: pipeline(i) })) !== 200) throw new Error('raw PUT failed');
    const rawMs = (performance.now() - t) / N;
    agent.destroy();
    t = performance.now();
    for (let i = 0; i < N; i++) await putResource(s, { subscriptionId: SUB, resourceGroup: RG, factory: 'sdk' }, 'pipeline', `p${i}`, pipeline(i));
    const sdkMs = (performance.now() - t) / N;
    await fs.mkdir(path.join(dir, 'pipeline'));
    for (let i = 0; i < N; i++) await fs.writeFile(path.join(dir, 'pipeline', `p${i}.json`), JSON.stringify({ name: `p${i}`, properties: pipeline(i) }));
    const factory = await loadFactory(dir);
    const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'pub' };
    t = performance.now();
    const first = await publishFactory(s, ref, factory);
    const publishMs = (performance.now() - t) / N;
    t = performance.now();
    const again = await publishFactory(s, ref, factory);
    const rerunMs = (performance.now() - t) / N;
    if (!first.ok || again.summary.unchanged !== N) throw new Error('publish did not converge');
    t = performance.now();
    const runs = 10;
    for (let i = 0; i < runs; i++) {
      const id = await createRun(s, ref, 'p0');
      const r = await waitForRun(s, ref, id, { initialIntervalMs: 20, maxIntervalMs: 50 });
      if (r.pipelineRun.status !== 'Succeeded') throw new Error(`run ${r.pipelineRun.status}: ${r.pipelineRun.message}`);
    }
    const runMs = (performance.now() - t) / runs;
    return {
      resources: N,
      rawPutMs: Number(rawMs.toFixed(2)),
      sdkPutMs: Number(sdkMs.toFixed(2)),
      sdkOverRaw: Number((sdkMs / rawMs).toFixed(2)),
      publishPerResourceOverRawPut: Number((publishMs / rawMs).toFixed(2)),
      convergedRerunPerResourceOverRawPut: Number((rerunMs / rawMs).toFixed(2)),
      runRoundTripOverRawPut: Number((runMs / rawMs).toFixed(1)),
    };
  } finally {
    await em.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
