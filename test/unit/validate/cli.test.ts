import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/validate/cosmosCopy');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'validate', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function brokenCopy(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-validate-'));
  await fs.cp(FIXTURE, path.join(dir, 'adf'), { recursive: true });
  const file = path.join(dir, 'adf/pipeline/CopyOrders.json');
  const text = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, text.replace('"referenceName": "SinkOrders"', '"referenceName": "SinkOrdrs"').replace('"Completed"', '"Finished"'));
  await fs.writeFile(path.join(dir, 'adf/dataset/Broken.json'), '{"name": "Broken", "properties": {');
  return dir;
}

test('validate --json on a clean factory: the contract shape and exit 0', () => {
  const r = cli(FIXTURE, '--json');
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.equal(out.factories.length, 1);
  assert.equal(out.factories[0].root, FIXTURE);
  assert.deepEqual(out.factories[0].resources, { pipeline: 2, dataset: 2, linkedService: 3, dataflow: 0, trigger: 1, integrationRuntime: 1, factory: 1, managedVirtualNetwork: 0, credential: 0, globalParameters: 0 });
  assert.deepEqual(out.diagnostics, []);
});

test('validate on a broken factory: exit 1, 1-based positions, JSON and compiler-style output', async () => {
  const dir = await brokenCopy();
  try {
    const r = cli(dir, '--json');
    assert.equal(r.code, 1, r.err);
    const { diagnostics } = JSON.parse(r.out);
    const byCode = (c: string) => diagnostics.find((d: any) => d.code === c);
    const ref = byCode('ADF2001');
    assert.deepEqual(
      { line: ref.line, column: ref.column, endLine: ref.endLine, endColumn: ref.endColumn, severity: ref.severity, source: ref.source },
      { line: 62, column: 27, endLine: 62, endColumn: 38, severity: 'error', source: 'semantic' },
    );
    assert.equal(ref.file, path.join(dir, 'adf/pipeline/CopyOrders.json'));
    assert.equal(byCode('ADF2022').line, 100);
    const json = byCode('ADF0001');
    assert.equal(json.source, 'json');
    assert.equal(json.line, 1);
    for (const d of diagnostics) assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity', 'source']);

    const human = cli(dir);
    assert.equal(human.code, 1);
    const line = human.out.split('\n').find((l) => l.includes('ADF2001'))!;
    assert.match(line, /pipeline[\\/]CopyOrders\.json:62:27 error ADF2001 Unresolved DatasetReference: no dataset named "SinkOrdrs"/);
    assert.match(human.out, /1 factory, \d+ resources: \d+ errors/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('validate usage errors exit 2', () => {
  assert.equal(cli().code, 2);
  const missing = cli(path.join(os.tmpdir(), 'adfw-no-such-dir-' + process.pid));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /path not found/);
  assert.equal(cli(FIXTURE, '--bogus').code, 2);
});
