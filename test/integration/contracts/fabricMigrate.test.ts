/** The CLI contract of `adfw fabric check` and `adfw fabric convert`: JSON shapes, exit codes, --out refusal, determinism. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adfw, ensureBuilt, json, keys, ROOT } from '../../helpers/cli';

const MIXED = path.join('test', 'fixtures', 'migrate', 'mixed');

async function tmp(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'adfw-fabric-'));
}

async function tree(dir: string, base = dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, await tree(p, base));
    else out[path.relative(base, p).split(path.sep).join('/')] = await fs.readFile(p, 'utf8');
  }
  return out;
}

describe('adfw fabric check', () => {
  before(() => ensureBuilt());

  it('--json has the contract shape; exit 1 when some pipeline has no equivalent', async () => {
    const r = await adfw(['fabric', 'check', MIXED, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const j = json(r);
    assert.deepEqual(keys(j), ['factory', 'factoryLevel', 'pipelines', 'summary']);
    assert.equal(j.factory, MIXED);
    assert.deepEqual(keys(j.factoryLevel), ['dataFlows', 'globalParameters', 'integrationRuntimes', 'managedPrivateEndpoints', 'triggers']);
    assert.deepEqual(keys(j.summary), ['convertible', 'convertibleWithChanges', 'notConvertible', 'pipelines']);
    for (const p of j.pipelines) {
      assert.deepEqual(keys(p), ['asIs', 'name', 'noEquivalent', 'verdict', 'withChange']);
      assert.ok(['convertible', 'convertibleWithChanges', 'notConvertible'].includes(p.verdict));
      for (const f of p.withChange) assert.deepEqual(keys(f).filter((k) => k !== 'activity'), ['change', 'kind', 'path']);
      for (const f of p.noEquivalent) assert.deepEqual(keys(f).filter((k) => k !== 'activity'), ['kind', 'path', 'reason']);
    }
    assert.deepEqual(j.summary, { pipelines: 10, convertible: 1, convertibleWithChanges: 1, notConvertible: 8 });
  });

  it('exit 0 when every pipeline converts (the samples); the human form is a table', async () => {
    const r = await adfw(['fabric', 'check', 'samples/control-flow']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^pipeline\s+verdict\s+as is\s+with change\s+no equivalent$/m);
    assert.match(r.stdout, /^Orchestrate\s+convertibleWithChanges\s+15\s+5\s+0$/m);
    assert.match(r.stdout, /2 pipelines: 0 convertible, 2 with changes, 0 not convertible\./);
  });

  it('exit 2 on usage errors: no folder, a missing folder, an unknown flag, an unknown subcommand', async () => {
    for (const args of [['fabric', 'check'], ['fabric', 'check', 'no/such/dir'], ['fabric', 'check', MIXED, '--bogus'], ['fabric', 'nope']]) {
      const r = await adfw(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.length > 0, args.join(' '));
    }
  });
  it('a factory whose files do not load is refused with each error positioned (exit 2), for check and convert', async () => {
    const dir = await tmp();
    await fs.mkdir(path.join(dir, 'pipeline'));
    await fs.writeFile(path.join(dir, 'pipeline', 'Broken.json'), '{"name": "Broken", "properties": {"activities": [{"name": "a", "type": "Wait",}]}}');
    for (const args of [['fabric', 'check', dir, '--json'], ['fabric', 'convert', dir, '--out', path.join(dir, 'out')]]) {
      const r = await adfw(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Broken\.json:1:\d+ error ADF0001 Invalid JSON/);
      assert.match(r.stderr, /fix them first \(adfw validate /);
    }
    assert.deepEqual(await fs.readdir(dir), ['pipeline'], 'nothing written');
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('adfw fabric convert', () => {
  before(() => ensureBuilt());

  it('writes the items, connections, variable library, adapted tests and report; --json lists them; exit 1 when some are skipped', async () => {
    const out = await tmp();
    const r = await adfw(['fabric', 'convert', MIXED, '--out', out, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const j = json(r);
    assert.deepEqual(keys(j), ['connections', 'converted', 'files', 'out', 'secretsFromEnv', 'skipped', 'tests', 'variableLibrary']);
    assert.deepEqual(j.converted.map((c: { pipeline: string }) => c.pipeline), ['Loader', 'Plain']);
    assert.deepEqual(j.skipped.map((s: { pipeline: string }) => s.pipeline), ['ArrayGlobal', 'Missing', 'NoValue', 'OnPrem', 'ParamLs', 'Parent', 'RunsDataFlow', 'Strange']);
    assert.equal(j.variableLibrary, 'mixed_globals.VariableLibrary');
    const files = await tree(out);
    assert.deepEqual(Object.keys(files), j.files);
    assert.deepEqual(Object.keys(files), [
      'Basics/Plain.DataPipeline/.platform',
      'Basics/Plain.DataPipeline/pipeline-content.json',
      'Loader.DataPipeline/.platform',
      'Loader.DataPipeline/pipeline-content.json',
      'connections.json',
      'migration-report.json',
      'mixed_globals.VariableLibrary/.platform',
      'mixed_globals.VariableLibrary/settings.json',
      'mixed_globals.VariableLibrary/variables.json',
      'tests/mixed.adftest.json',
    ]);
    const report = JSON.parse(files['migration-report.json']);
    assert.deepEqual(report.skipped.find((s: { pipeline: string }) => s.pipeline === 'RunsDataFlow').reasons, ['Clean: ExecuteDataFlow: mapping data flows have no Fabric equivalent; rebuild the data flow as a Dataflow Gen2 and call it with the Dataflow activity']);
    assert.equal(report.check.summary.notConvertible, 8);
    const test = JSON.parse(files['tests/mixed.adftest.json']);
    assert.deepEqual(test.tests.map((t: { name: string }) => t.name), ['loader copies and calls Plain']);
    assert.deepEqual(j.tests[0].dropped, [{ test: 'data flow runs', reason: 'pipeline "RunsDataFlow" does not convert' }]);
    await fs.rm(out, { recursive: true, force: true });
  });

  it('refuses a non-empty --out without --force (exit 2, nothing written); --force replaces only what the previous conversion wrote', async () => {
    const out = await tmp();
    await fs.writeFile(path.join(out, 'keep.txt'), 'mine');
    const refused = await adfw(['fabric', 'convert', MIXED, '--out', out]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not empty.*--force/);
    assert.deepEqual(await fs.readdir(out), ['keep.txt']);
    const first = await adfw(['fabric', 'convert', MIXED, '--out', out, '--force']);
    assert.equal(first.code, 1, first.stderr);
    await fs.writeFile(path.join(out, 'Basics', 'Plain.DataPipeline', 'pipeline-content.json'), 'edited');
    const again = await adfw(['fabric', 'convert', MIXED, '--out', out, '--force']);
    assert.equal(again.code, 1, again.stderr);
    assert.equal(await fs.readFile(path.join(out, 'keep.txt'), 'utf8'), 'mine');
    assert.notEqual(await fs.readFile(path.join(out, 'Basics', 'Plain.DataPipeline', 'pipeline-content.json'), 'utf8'), 'edited');
    const missing = await adfw(['fabric', 'convert', MIXED]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--out <dir> is required/);
    await fs.rm(out, { recursive: true, force: true });
  });

  it('is deterministic: the same factory converts to byte-identical files', async () => {
    const parent = await tmp();
    const a = path.join(parent, 'a');
    const b = path.join(parent, 'b');
    assert.equal((await adfw(['fabric', 'convert', 'samples/control-flow', '--out', a])).code, 0);
    assert.equal((await adfw(['fabric', 'convert', 'samples/control-flow', '--out', b])).code, 0);
    assert.deepEqual(await tree(a), await tree(b));
    await fs.rm(parent, { recursive: true, force: true });
  });

  it('samples: control-flow and cosmos-copy convert completely, with their tests adapted', async () => {
    const out = await tmp();
    const cf = path.join(out, 'control-flow');
    const r = await adfw(['fabric', 'convert', 'samples/control-flow', '--out', cf, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const files = await tree(cf);
    const test = JSON.parse(files['tests/orchestrate.adftest.json']);
    const conn = Object.keys(JSON.parse(files['connections.json']))[0];
    const rel = path.relative(cf, path.join(ROOT, 'samples', 'control-flow')).split(path.sep).join('/');
    assert.deepEqual(test.connections, { [conn]: { type: 'FileServer', host: `\${factoryDir}/${rel}/data` } });
    assert.equal(test.tests.length, 5);
    const cc = path.join(out, 'cosmos-copy');
    const r2 = await adfw(['fabric', 'convert', 'samples/cosmos-copy', '--out', cc, '--json']);
    assert.equal(r2.code, 0, r2.stderr);
    const archive = JSON.parse((await tree(cc))['tests/archive.adftest.json']);
    const skip = archive.tests.find((t: { pipeline: string }) => t.pipeline === 'CopyOrdersSkipExisting');
    assert.equal(skip.expect.activities['Copy new orders to archive'].input['redirectIncompatibleRowSettings.externalReferences.connection'], json(r2).connections.find((c: { linkedService: string }) => c.linkedService === 'CopyLogFiles').connectionId);
    await fs.rm(out, { recursive: true, force: true });
  });
});
