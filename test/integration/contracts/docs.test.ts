/**
 * CLI contract of `adfw docs`, against the built `dist/cli.js` as a child process:
 *  docs <factoryDir> --out <dir> [--force] [--json]
 *      --json {"out":dir,"pages":[{"kind","name","file"}],"warnings":[...]}; exit 0 written / 1 the factory failed
 *      to load / 2 usage (a non-empty output folder holding no earlier output, without --force, included).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adfw, ensureBuilt, json, keys, ROOT } from '../../helpers/cli';

const SHOP = path.join(ROOT, 'test', 'fixtures', 'lint', 'shop');

before(() => ensureBuilt());

const tmp = () => fs.mkdtemp(path.join(os.tmpdir(), 'adfw-docs-'));

async function readTree(dir: string, base = dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, await readTree(p, base));
    else out[path.relative(base, p).split(path.sep).join('/')] = await fs.readFile(p, 'utf8');
  }
  return out;
}

describe('adfw docs', () => {
  it('--json: the exact shape, a page per resource, an SVG graph per pipeline, triggers, parents, reads and writes', async () => {
    const out = path.join(await tmp(), 'site');
    const r = await adfw(['docs', SHOP, '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = json(r);
    assert.deepEqual(keys(doc), ['out', 'pages', 'warnings']);
    assert.equal(doc.out, out);
    for (const p of doc.pages) assert.deepEqual(Object.keys(p), ['kind', 'name', 'file']);
    assert.deepEqual(
      doc.pages.map((p: any) => `${p.kind} ${p.name} ${p.file}`),
      [
        'index shop index.html',
        'pipeline PL_Child pipeline/PL_Child.html',
        'pipeline PL_Forgotten pipeline/PL_Forgotten.html',
        'pipeline PL_Manual pipeline/PL_Manual.html',
        'pipeline PL_Orders pipeline/PL_Orders.html',
        'dataset DS_NoSchema dataset/DS_NoSchema.html',
        'dataset DS_Orders dataset/DS_Orders.html',
        'dataset DS_Unused dataset/DS_Unused.html',
        'linkedService LS_Blob linkedService/LS_Blob.html',
        'linkedService LS_KeyVault linkedService/LS_KeyVault.html',
        'linkedService LS_Sql linkedService/LS_Sql.html',
        'dataflow DF_Drift dataflow/DF_Drift.html',
        'trigger TR_Daily trigger/TR_Daily.html',
      ],
    );
    assert.ok(Array.isArray(doc.warnings));
    const files = await readTree(out);
    assert.deepEqual(Object.keys(files).sort(), [...doc.pages.map((p: any) => p.file), 'adfw-docs.json'].sort());

    for (const p of doc.pages) {
      const html = files[p.file];
      assert.match(html, /^<!DOCTYPE html>/);
      assert.ok(!/<script/i.test(html), `${p.file} holds a script`);
      assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
      if (p.kind === 'pipeline') assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+(\.\d+)?" height="\d+(\.\d+)?"[^>]*class="graph"/, p.file);
    }
    const orders = files['pipeline/PL_Orders.html'];
    // One drawn node per activity (the ForEach bodies included), each linking to its section.
    for (const a of ['CopyOrders', 'CopyWithPolicy', 'CallPartner', 'NotifyLater', 'EachOrder', 'RememberOrder', 'EachOrderInTurn', 'RememberInTurn', 'RunChild', 'Aggregate']) {
      assert.match(orders, new RegExp(`<g class="node [^"]*" data-node-id="[^"]*${a}">`), a);
      assert.match(orders, new RegExp(`<section class="activity" id="activity-(EachOrder(InTurn)?\\.)?${a}">`), a);
    }
    assert.match(orders, /<a href="#activity-EachOrder\.RememberOrder"><g class="node kind-activity"/);
    assert.match(orders, /<td><code>orders<\/code><\/td><td>array<\/td><td><code>\[\]<\/code><\/td>/);
    assert.match(orders, /<td><code>last<\/code><\/td><td>String<\/td><td><span class="muted">—<\/span><\/td>/);
    assert.match(orders, /<h2>Started by<\/h2><table>.*<a href="\.\.\/trigger\/TR_Daily\.html">TR_Daily<\/a><\/td><td>[^<]*<\/td><td>Every day \(UTC\)/);
    assert.match(orders, /<a href="\.\.\/dataset\/DS_Orders\.html">DS_Orders<\/a><\/td><td>reads<\/td><td><a href="#activity-CopyOrders">CopyOrders<\/a><\/td><td><a href="\.\.\/linkedService\/LS_Blob\.html">LS_Blob<\/a>/);
    assert.match(orders, /DS_Orders<\/a><\/td><td>writes<\/td><td><a href="#activity-CopyOrders">/);
    assert.match(orders, /DS_NoSchema<\/a><\/td><td>reads \(data flow DF_Drift \/ [^)]+\)<\/td><td><a href="#activity-Aggregate">/);
    assert.match(orders, /calls pipeline <a href="\.\.\/pipeline\/PL_Child\.html">PL_Child<\/a> in <a href="#activity-RunChild">RunChild<\/a>/);
    assert.match(orders, /<th>policy<\/th><td>timeout 0\.12:00:00 \(default\), retry 0 \(default\), retry interval 30 s<\/td>/);
    assert.ok(!orders.includes('c2hvcGRldmtleWMyaG9wZGV2a2V5'), 'no secret literal from the activity inputs');
    assert.match(files['pipeline/PL_Child.html'], /<th>parent pipeline<\/th>.*<a href="\.\.\/pipeline\/PL_Orders\.html">PL_Orders<\/a><\/td><td><a href="\.\.\/pipeline\/PL_Orders\.html#activity-RunChild">RunChild<\/a><\/td><td>true<\/td>/);
    assert.match(files['pipeline/PL_Manual.html'], /No trigger starts it and no ExecutePipeline activity calls it\./);
    assert.match(files['dataset/DS_Orders.html'], /<h2>Used by<\/h2><table>.*<a href="\.\.\/pipeline\/PL_Orders\.html">PL_Orders<\/a><\/td><td>Pipeline<\/td><td>1<\/td><td>direct<\/td>.*<a href="\.\.\/trigger\/TR_Daily\.html">TR_Daily<\/a><\/td><td>Trigger<\/td><td>2<\/td><td><a href="\.\.\/pipeline\/PL_Orders\.html">PL_Orders<\/a>/);
    assert.match(files['dataset/DS_Unused.html'], /Nothing references it \(unused\)\./);
    assert.match(files['trigger/TR_Daily.html'], /<h2>Starts<\/h2><table>.*PL_Orders/);
    const index = files['index.html'];
    assert.match(index, /<h2 id="pipeline">Pipelines \(4\)<\/h2>/);
    assert.match(index, /<a href="dataset\/DS_Unused\.html">DS_Unused<\/a><span class="muted"> [^<]*<\/span><span class="tag unused">unused<\/span>/);
    const manifest = JSON.parse(files['adfw-docs.json']);
    assert.deepEqual(manifest, { generator: 'adfw docs', factory: 'shop', pages: doc.pages });
  });

  it('deterministic: the same factory gives the same bytes; a rerun replaces the output and drops pages of deleted resources', async () => {
    const dir = await tmp();
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    assert.equal((await adfw(['docs', SHOP, '--out', a])).code, 0);
    assert.equal((await adfw(['docs', SHOP, '--out', b])).code, 0);
    assert.deepEqual(await readTree(a), await readTree(b));

    const factory = path.join(dir, 'shop');
    await fs.cp(SHOP, factory, { recursive: true });
    const r1 = await adfw(['docs', factory, '--out', a], { cwd: dir });
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r1.stdout.trim(), `Wrote 13 pages of shop to a (open ${path.join('a', 'index.html')}).`);
    await fs.rm(path.join(factory, 'dataset', 'DS_Unused.json'));
    await fs.rm(path.join(factory, 'dataflow'), { recursive: true });
    const r2 = await adfw(['docs', factory, '--out', a, '--json']);
    assert.equal(r2.code, 0, r2.stderr);
    const files = await readTree(a);
    assert.equal(files['dataset/DS_Unused.html'], undefined);
    assert.ok(!Object.keys(files).some((f) => f.startsWith('dataflow/')));
    assert.deepEqual(Object.keys(files).sort(), [...json(r2).pages.map((p: any) => p.file), 'adfw-docs.json'].sort());
    // The data flow is gone: the pipeline page names it as not defined and the run warns.
    assert.match(files['pipeline/PL_Orders.html'], /DF_Drift \(not defined\)/);
    assert.ok(json(r2).warnings.includes("pipeline/PL_Orders references dataflow 'DF_Drift', which no file defines."), JSON.stringify(json(r2).warnings));
  });

  it('refuses a non-empty folder without earlier output unless --force (exit 2, nothing written)', async () => {
    const out = await tmp();
    await fs.writeFile(path.join(out, 'notes.txt'), 'mine');
    const r = await adfw(['docs', SHOP, '--out', out, '--json']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /is not empty and holds no earlier adfw docs output \(adfw-docs\.json\); choose an empty folder, or add --force/);
    assert.deepEqual(await fs.readdir(out), ['notes.txt']);
    // A file named like the manifest but not written by adfw docs does not count.
    await fs.writeFile(path.join(out, 'adfw-docs.json'), '{"pages":[]}');
    assert.equal((await adfw(['docs', SHOP, '--out', out])).code, 2);
    const f = await adfw(['docs', SHOP, '--out', out, '--force']);
    assert.equal(f.code, 0, f.stderr);
    assert.equal(await fs.readFile(path.join(out, 'notes.txt'), 'utf8'), 'mine');
    assert.ok((await fs.readdir(out)).includes('index.html'));
  });

  it('escapes every name, description and value: a hostile factory cannot inject markup', async () => {
    const dir = await tmp();
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    await fs.mkdir(path.join(dir, 'f', 'pipeline'), { recursive: true });
    await fs.mkdir(path.join(dir, 'f', 'dataset'), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'f', 'pipeline', 'evil.json'),
      JSON.stringify({
        name: `PL_${evil}`,
        properties: {
          description: `</p>${evil}`,
          parameters: { [`p${evil}`]: { type: 'string', defaultValue: evil } },
          annotations: [evil],
          folder: { name: `dir/${evil}` },
          activities: [
            { name: `A${evil}`, type: 'Wait', description: evil, typeProperties: { waitTimeInSeconds: 1 } },
            { name: 'B', type: 'Lookup', dependsOn: [{ activity: `A${evil}`, dependencyConditions: ['Succeeded'] }], typeProperties: { dataset: { referenceName: `DS_${evil}`, type: 'DatasetReference' } } },
          ],
        },
      }),
    );
    await fs.writeFile(path.join(dir, 'f', 'dataset', 'ds.json'), JSON.stringify({ name: `DS_${evil}`, properties: { type: 'Json', description: evil, linkedServiceName: { referenceName: evil, type: 'LinkedServiceReference' }, typeProperties: { location: evil } } }));
    const out = path.join(dir, 'out');
    const r = await adfw(['docs', path.join(dir, 'f'), '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = json(r);
    const pl = doc.pages.find((p: any) => p.kind === 'pipeline');
    assert.equal(pl.name, `PL_${evil}`);
    assert.match(pl.file, /^pipeline\/[A-Za-z0-9_~-]+\.html$/, 'file names keep to letters, digits, _, - and ~hex');
    const files = await readTree(out);
    assert.equal(Object.keys(files).length, 4);
    for (const [file, html] of Object.entries(files)) {
      if (file === 'adfw-docs.json') continue;
      // Attribute values are quoted with every quote escaped, so dropping them leaves only real tags and attribute names.
      assert.ok(!/<script|<img|<[a-z][^>]*\son[a-z]+=/i.test(html.replace(/="[^"]*"/g, '=""')), `${file}: markup injected`);
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), `${file}: the text is shown escaped`);
    }
    const page = files[pl.file];
    assert.match(page, /<title>PL_&quot;&gt;&lt;script&gt;/);
    assert.match(page, /<g class="node kind-activity" data-node-id="A&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;">/);
  });

  it('masks secrets by the one rule of the product: secret property names, SecureString defaults, secret parts of strings', async () => {
    const dir = await tmp();
    for (const k of ['pipeline', 'dataset', 'trigger']) await fs.mkdir(path.join(dir, 'f', k), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'f', 'pipeline', 'p.json'),
      JSON.stringify({
        name: 'PL_Secrets',
        properties: {
          parameters: { password: { type: 'string', defaultValue: 'PWSECRET1' }, secureOne: { type: 'SecureString', defaultValue: 'SSSECRET2' }, conn: { type: 'string', defaultValue: 'Server=s;Password=CSSECRET3;' }, region: { type: 'string', defaultValue: 'emea' } },
          activities: [{ name: 'Wait1', type: 'Wait', userProperties: [{ name: 'token', value: 'UPSECRET4' }], typeProperties: { waitTimeInSeconds: 1 } }],
        },
      }),
    );
    await fs.writeFile(path.join(dir, 'f', 'dataset', 'd.json'), JSON.stringify({ name: 'DS_Sas', properties: { type: 'Json', typeProperties: { sasUri: 'https://a.blob.core.windows.net/c?sv=1&sig=SIGSECRET5', location: { type: 'HttpServerLocation', relativeUrl: 'x?sig=SIGSECRET6' } } } }));
    await fs.writeFile(
      path.join(dir, 'f', 'trigger', 't.json'),
      JSON.stringify({ name: 'TR', properties: { type: 'ScheduleTrigger', typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00Z', timeZone: 'UTC' } }, pipelines: [{ pipelineReference: { referenceName: 'PL_Secrets', type: 'PipelineReference' }, parameters: { conn: 'AccountKey=AKSECRET7;AccountName=a' } }] } }),
    );
    const out = path.join(dir, 'out');
    const r = await adfw(['docs', path.join(dir, 'f'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const all = Object.values(await readTree(out)).join('\n');
    for (let i = 1; i <= 7; i++) assert.ok(!new RegExp(`[A-Z]+SECRET${i}`).test(all), `secret ${i} shown`);
    assert.ok(all.includes('<td><code>region</code></td><td>string</td><td><code>emea</code></td>'), 'other defaults stay');
    assert.ok(all.includes('Server=s;Password=***;'));
  });

  it('exit 1 when the factory fails to load (nothing written); exit 2 for usage errors', async () => {
    const dir = await tmp();
    await fs.mkdir(path.join(dir, 'f', 'pipeline'), { recursive: true });
    await fs.writeFile(path.join(dir, 'f', 'pipeline', 'broken.json'), '{"name": "PL_Broken", "properties": {');
    const out = path.join(dir, 'out');
    const r = await adfw(['docs', path.join(dir, 'f'), '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /failed to load \(\d+ errors?\); nothing written:\n.*broken\.json:1:\d+ error ADF\d{4} Invalid JSON/);
    assert.equal(await fs.stat(out).catch(() => undefined), undefined);
    await fs.mkdir(path.join(dir, 'empty'));
    const e = await adfw(['docs', path.join(dir, 'empty'), '--out', out]);
    assert.equal(e.code, 1);
    assert.match(e.stderr, /holds no factory folders/);
    assert.equal((await adfw(['docs', SHOP])).code, 2);
    assert.equal((await adfw(['docs', '--out', out])).code, 2);
    assert.equal((await adfw(['docs', SHOP, SHOP, '--out', out])).code, 2);
    assert.equal((await adfw(['docs', path.join(dir, 'nope'), '--out', out])).code, 2);
    await fs.writeFile(path.join(dir, 'file'), 'x');
    assert.equal((await adfw(['docs', SHOP, '--out', path.join(dir, 'file')])).code, 2);
    const help = await adfw(['docs', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: adfw docs <factoryDir> --out <dir> \[--force\] \[--json\]/);
  });
});
