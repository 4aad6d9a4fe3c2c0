/**
 * Pull and drift against the emulator, and the CLI contracts of publish --stage / selection, pull and drift:
 * pull of an untouched factory writes nothing; pull → publish → pull leaves the folder byte-identical; a
 * remote change is pulled into the file in its own format, a new resource as ADF's git integration writes it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { adfwFromSource } from '../../helpers/cli';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory, pullFactory, driftOf } from '../../../src/engine/publish';
import type * as remote from '../../../src/engine/remote';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, SUB, RG, TOKEN } from './setup';

const FACTORY = path.join(__dirname, '..', '..', 'fixtures', 'stages', 'factory');
const ROOT = path.join(__dirname, '..', '..', '..');
const ref = (factory: string) => ({ subscriptionId: SUB, resourceGroup: RG, factory });

async function snapshotDir(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const f = path.join(e.parentPath ?? (e as any).path, e.name);
    out.set(path.relative(dir, f), await fs.readFile(f, 'utf8'));
  }
  return out;
}

function adfw(args: string[], env: Record<string, string> = {}) {
  return adfwFromSource(args, { ADFW_TEST_TOKEN: TOKEN, ...env });
}

describe('pull and drift (emulator)', () => {
  let em: Emulator;
  let s: remote.RemoteSession;
  let work: string;
  let src: string;

  before(async () => {
    em = await emulator({ pageSize: 50 });
    s = await session(em);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-pull-'));
    src = path.join(work, 'src');
    await fs.cp(FACTORY, src, { recursive: true });
    const res = await publishFactory(s, ref('pulled'), await loadFactory(src), { createFactory: true });
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
  });
  after(async () => {
    await em?.stop();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('pulling an untouched factory into its own folder writes nothing (git diff stays empty)', async () => {
    const before = await snapshotDir(src);
    const r = await pullFactory(s, ref('pulled'), src);
    assert.deepEqual([r.written, r.deleted], [[], []]);
    assert.equal(r.unchanged, 8);
    assert.deepEqual(await snapshotDir(src), before);
  });

  it('pull → publish → pull leaves the folder byte-identical; new files are written as ADF git integration writes them', async () => {
    const dir = path.join(work, 'fresh');
    const first = await pullFactory(s, ref('pulled'), dir);
    assert.equal(first.written.length, 8);
    const pl = await fs.readFile(path.join(dir, 'pipeline', 'PL_Copy.json'), 'utf8');
    assert.ok(pl.startsWith('{\n\t"name": "PL_Copy",\n\t"properties": {'), pl.slice(0, 60));
    assert.ok(pl.endsWith('\t"type": "Microsoft.DataFactory/factories/pipelines"\n}'), 'ARM type last, no final newline');
    const tr = JSON.parse(await fs.readFile(path.join(dir, 'trigger', 'TR_Daily.json'), 'utf8'));
    assert.deepEqual(Object.keys(tr), ['name', 'properties'], 'triggers carry no ARM type in git');
    assert.equal(tr.properties.runtimeState, 'Started');
    const fac = JSON.parse(await fs.readFile(path.join(dir, 'factory', 'pulled.json'), 'utf8'));
    assert.deepEqual(fac.properties.globalParameters.environment, { type: 'String', value: 'dev' });
    const before = await snapshotDir(dir);
    const pub = await publishFactory(s, ref('pulled'), await loadFactory(dir));
    assert.equal(pub.ok, true);
    assert.equal(pub.summary.create + pub.summary.update + pub.summary.delete, 0);
    const again = await pullFactory(s, ref('pulled'), dir);
    assert.deepEqual(again.written, []);
    assert.deepEqual(await snapshotDir(dir), before);
  });

  it('a remote change is drift (exit 1), is pulled into the file in its own format, and then there is no drift', async () => {
    const client = await s.dataFactory(SUB);
    const ds = await client.datasets.get(RG, 'pulled', 'DS_Input');
    (ds.properties as any).description = 'edited in the portal';
    await client.datasets.createOrUpdate(RG, 'pulled', 'DS_Input', ds);
    await client.pipelines.createOrUpdate(RG, 'pulled', 'PL_Portal', { activities: [{ name: 'w', type: 'Wait', waitTimeInSeconds: 1 } as any] });
    await client.triggers.beginStopAndWait(RG, 'pulled', 'TR_Daily', { updateIntervalInMs: 10 });
    const drift = await driftOf(s, ref('pulled'), await loadFactory(src));
    assert.equal(drift.inSync, false);
    assert.deepEqual(drift.differences.map((d) => `${d.drift} ${d.kind} ${d.name}`).sort(), ['different dataset DS_Input', 'extra pipeline PL_Portal', 'runtimeState trigger TR_Daily']);
    const r = await pullFactory(s, ref('pulled'), src);
    assert.deepEqual(r.written.map((f) => path.relative(src, f)).sort(), ['dataset/DS_Input.json', 'pipeline/PL_Portal.json', 'trigger/TR_Daily.json']);
    const text = await fs.readFile(path.join(src, 'dataset', 'DS_Input.json'), 'utf8');
    assert.ok(text.startsWith('{\n  "name": "DS_Input",\n  "properties": {'), 'the file keeps its two-space indentation');
    assert.ok(text.endsWith('}\n'), 'and its final newline');
    assert.equal(JSON.parse(text).properties.description, 'edited in the portal');
    assert.equal((await driftOf(s, ref('pulled'), await loadFactory(src))).inSync, true);
    await client.pipelines.delete(RG, 'pulled', 'PL_Portal');
    const r2 = await pullFactory(s, ref('pulled'), src);
    assert.deepEqual(r2.deleted.map((f) => path.relative(src, f)), ['pipeline/PL_Portal.json']);
  });

  it('CLI: publish --stage --include --dry-run --json gives reasons; a malformed stage row exits 1 naming file and line; drift and pull exit codes', async () => {
    const ca = path.join(work, 'ca.pem');
    await fs.writeFile(ca, em.ca);
    const conn = ['--endpoint', em.url, '--token-env', 'ADFW_TEST_TOKEN', '--ca', ca];
    const target = ['--subscription', SUB, '--resource-group', RG, '--factory', 'cli-uat'];
    const env = { ADFW_TEST_PROJECT: 'cli' };
    let r = await adfw(['publish', src, ...target, ...conn, '--stage', 'uat', '--include', 'linkedService.LS_*', '--include', 'factory.*', '--dry-run', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const ls = out.changes.find((c: any) => c.name === 'LS_KeyVault');
    assert.deepEqual([ls.status, ls.reason], ['planned', 'included by "linkedService.LS_*"']);
    assert.equal(out.changes.find((c: any) => c.name === 'PL_Copy').status, 'excluded');
    assert.equal(out.changes.find((c: any) => c.kind === 'globalParameters').reason, 'included by "factory.*"');
    assert.match(r.stderr, /stage "uat" .* value\(s\) applied/);
    r = await adfw(['publish', src, ...target, ...conn, '--stage', 'uat'], {});
    assert.equal(r.code, 1);
    assert.match(r.stderr, /environment variable ADFW_TEST_PROJECT is not set/);
    await fs.writeFile(path.join(src, 'deployment', 'config-broken.csv'), 'type,name,path,value\nlinkedService,LS_Api,typeProperties.url\n');
    r = await adfw(['publish', src, ...target, ...conn, '--stage', 'broken']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /config-broken\.csv:2:\d+: the row has no value column/);
    r = await adfw(['publish', src, ...target, ...conn, '--triggers', 'sometimes']);
    assert.equal(r.code, 2);
    r = await adfw(['publish', src, ...target, ...conn, '--stage', 'uat', '--incremental'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /incremental: the factory does not exist yet/);
    assert.match(r.stdout, /deployment state saved/);
    r = await adfw(['drift', src, ...target, ...conn, '--stage', 'uat', '--json'], env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout).inSync, true);
    r = await adfw(['drift', src, ...target, ...conn], env);
    assert.equal(r.code, 1, 'without the stage the folder differs from the uat factory');
    assert.match(r.stdout, /different\s+linkedService LS_KeyVault/);
    const pulled = path.join(work, 'cli-pulled');
    r = await adfw(['pull', '--subscription', SUB, '--factory', 'cli-uat', pulled, ...conn, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).factory.resourceGroup, RG, 'the resource group is found by name');
    const kv = JSON.parse(await fs.readFile(path.join(pulled, 'linkedService', 'LS_KeyVault.json'), 'utf8'));
    assert.equal(kv.properties.typeProperties.baseUrl, 'https://kv-cli-uat.vault.azure.net/');
    const fac = JSON.parse(await fs.readFile(path.join(pulled, 'factory', 'cli-uat.json'), 'utf8'));
    assert.ok(!('adfw_deployment_state' in fac.properties.globalParameters), 'the deployment state is not pulled');
  });
});
