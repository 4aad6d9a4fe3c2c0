/**
 * The Fabric conformance set (test/fixtures/fabric-conformance/, format in its README.md): the Fabric examples of
 * another ADF testing tool, as Fabric git items, each loaded, validated through the entry `adfw validate` uses and
 * run through its pipeline tests (tests/*.adftest.json) on the local engine. Every test is named after its case.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadFabricWorkspace } from '../../../src/engine/fabric';
import { validatePath } from '../../../src/engine/validate';
import { loadTestFile, runTestCase, type LoadedTestFile } from '../../../src/engine/testing';
import type { Factory } from '../../../src/engine/model';
import { listenOnLoopback } from '../run/helpers';

type Json = Record<string, any>;
const DIR = path.join(__dirname, '..', '..', 'fixtures', 'fabric-conformance');
const CASES = readdirSync(DIR).filter((d) => statSync(path.join(DIR, d)).isDirectory()).sort();
const readCase = (c: string): Json => JSON.parse(readFileSync(path.join(DIR, c, 'case.json'), 'utf8'));

// The web hook of simple_web_hook: accepts the call, then calls back at once, as a service that finishes quickly.
const hookCalls: Json[] = [];
let server: http.Server;
const ENV = 'ADFW_CONFORMANCE_WEBHOOK_URL';
before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/hooks/notify') return void res.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
      hookCalls.push(body);
      res.writeHead(202).end();
      void fetch(String(body.callBackUri), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'done' }) }).catch(() => undefined);
    });
  });
  process.env[ENV] = `${await listenOnLoopback(server)}/hooks`;
});
after(() => {
  delete process.env[ENV];
  server.closeAllConnections();
  server.close();
});

/** "~regex" matches a string; anything else compares exactly. */
function matches(actual: unknown, expected: unknown): boolean {
  return typeof expected === 'string' && expected.startsWith('~') ? typeof actual === 'string' && new RegExp(expected.slice(1)).test(actual) : actual === expected;
}

for (const c of CASES) {
  const meta = readCase(c);
  const root = path.join(DIR, c);
  const label = `${meta.source.repository} ${meta.source.path}`;

  describe(`fabric conformance: ${c} (${label})`, () => {
    let factory: Promise<Factory> | undefined;
    const load = () => (factory ??= loadFabricWorkspace(root));

    test('names its source', () => {
      assert.match(meta.source.url, /^https:\/\/github\.com\//);
      assert.ok(meta.source.path.startsWith('examples/fabric/'), meta.source.path);
    });

    test('loads: the example\'s pipelines, by display name', async () => {
      const f = await load();
      assert.deepEqual([...f.resources.pipeline.keys()].sort(), meta.pipelines);
      assert.deepEqual(f.diagnostics.filter((d) => d.severity === 'error'), []);
    });

    test('validates (adfw validate): exactly the expected diagnostics', async () => {
      const { factories, diagnostics } = await validatePath(root);
      assert.equal(factories.length, 1, `one workspace, found ${factories.map((f) => f.root).join(', ')}`);
      const got = diagnostics.map((d) => ({ code: d.code, file: path.relative(root, d.file).split(path.sep).join('/'), message: d.message }));
      const want = meta.diagnostics as { code: string; file: string; message: string }[];
      const problems: string[] = [];
      const left = [...got];
      for (const w of want) {
        const i = left.findIndex((g) => g.code === w.code && g.file === w.file && matches(g.message, w.message));
        if (i < 0) problems.push(`missing: ${JSON.stringify(w)}`);
        else left.splice(i, 1);
      }
      for (const g of left) problems.push(`unexpected: ${JSON.stringify(g)}`);
      assert.deepEqual(problems, []);
    });

    const testsDir = path.join(root, 'tests');
    for (const file of readdirSync(testsDir).filter((f) => f.endsWith('.adftest.json')).sort()) {
      const def = JSON.parse(readFileSync(path.join(testsDir, file), 'utf8')) as Json;
      let loaded: Promise<LoadedTestFile> | undefined;
      (def.tests as Json[]).forEach((t, i) => {
        test(`${file} › ${t.name}`, async () => {
          const lf = await (loaded ??= loadTestFile(path.join(testsDir, file)));
          assert.deepEqual(lf.problems.map((p) => p.message), []);
          const r = await runTestCase(lf, await load(), i);
          const runs = r.run?.activityRuns.map((a) => `${a.activityName}: ${a.status}${a.error?.message ? ` (${a.error.message})` : ''}`) ?? [];
          assert.equal(r.status, 'passed', `${r.error ?? ''}\n${r.failures.map((f) => `${f.path}: ${f.message} expected ${JSON.stringify(f.expected)} actual ${JSON.stringify(f.actual)?.slice(0, 600)}`).join('\n')}\nruns: ${runs.join('; ')}`);
        });
      });
    }
  });
}

test('fabric conformance: the four public examples are all here, and the web hook was called', () => {
  assert.deepEqual(CASES, ['batch_job', 'mock_example', 'nested_ingestion_pipeline', 'simple_web_hook']);
  assert.ok(hookCalls.length >= 2, `web hook calls: ${hookCalls.length}`);
});
