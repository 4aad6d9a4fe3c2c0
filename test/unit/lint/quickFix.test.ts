/** Lint quick fixes: applying the edits yields valid JSON that the rule no longer reports and that still validates. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { parseJsonDocument } from '../../../src/engine/json';
import { applyEdits, quickFixesFor } from '../../../src/engine/language/quickFix';
import { defaultConfig, lintFactory } from '../../../src/engine/lint';
import { validateFactory } from '../../../src/engine/validate';

const SHOP = path.resolve(__dirname, '../../fixtures/lint/shop');

async function copy(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-lintfix-'));
  await fs.cp(SHOP, dir, { recursive: true });
  return dir;
}

/** Applies the first fix of every finding of `rule` in `file` (one at a time, re-linting in between). */
async function fixAll(dir: string, rule: string, fileName: string): Promise<string[]> {
  const titles: string[] = [];
  for (let round = 0; round < 10; round++) {
    const f = await loadFactory(dir);
    const finding = lintFactory(f, defaultConfig(dir)).findings.find((x) => x.rule === rule && path.basename(x.file) === fileName && x.data);
    if (!finding) return titles;
    const text = await fs.readFile(finding.file, 'utf8');
    const fixes = quickFixesFor(parseJsonDocument(finding.file, text), finding);
    assert.ok(fixes.length, `a fix for ${finding.message}`);
    titles.push(fixes[0].title);
    await fs.writeFile(finding.file, applyEdits(text, fixes[0].edits));
  }
  assert.fail('fixes do not converge');
}

test('addPolicy: every default-timeout activity gets a timeout and a retry', async () => {
  const dir = await copy();
  const titles = await fixAll(dir, 'activity-timeout-retry', 'PL_Orders.json');
  assert.deepEqual(titles, ["Set a 0.01:00:00 timeout and one retry on 'CopyOrders'", "Set a 0.01:00:00 timeout and one retry on 'CallPartner'"]);
  const json = JSON.parse(await fs.readFile(path.join(dir, 'pipeline/PL_Orders.json'), 'utf8'));
  assert.deepEqual(json.properties.activities[0].policy, { timeout: '0.01:00:00', retry: 1, retryIntervalInSeconds: 60 });
  assert.deepEqual(json.properties.activities[2].policy, { timeout: '0.01:00:00', retry: 1, retryIntervalInSeconds: 60 });
  const f = await loadFactory(dir);
  assert.deepEqual(validateFactory(f).filter((d) => d.file.endsWith('PL_Orders.json') && d.severity === 'error'), []);
  await fs.rm(dir, { recursive: true, force: true });
});

test('literalToParameter: a URL becomes a pipeline parameter with the old value as default; a linked service host a linked service parameter', async () => {
  const dir = await copy();
  assert.deepEqual(await fixAll(dir, 'hard-coded-environment', 'PL_Orders.json'), ["Move the value into parameter 'url' (default: the current value)"]);
  const p = JSON.parse(await fs.readFile(path.join(dir, 'pipeline/PL_Orders.json'), 'utf8'));
  assert.deepEqual(p.properties.parameters.url, { type: 'String', defaultValue: 'https://api.partner-dev.example.com/orders' });
  assert.deepEqual(p.properties.activities[2].typeProperties.url, { value: '@pipeline().parameters.url', type: 'Expression' });
  assert.deepEqual(await fixAll(dir, 'hard-coded-environment', 'LS_KeyVault.json'), ["Move the value into parameter 'baseUrl' (default: the current value)"]);
  const ls = JSON.parse(await fs.readFile(path.join(dir, 'linkedService/LS_KeyVault.json'), 'utf8'));
  assert.equal(ls.properties.typeProperties.baseUrl, '@{linkedService().baseUrl}');
  assert.deepEqual(ls.properties.parameters, { baseUrl: { type: 'String', defaultValue: 'https://kv-shop-dev.vault.azure.net/' } });
  const f = await loadFactory(dir);
  assert.deepEqual(validateFactory(f).filter((d) => /PL_Orders|LS_KeyVault/.test(d.file) && d.severity === 'error').map((d) => d.message), []);
  await fs.rm(dir, { recursive: true, force: true });
});

test('literalToParameter for a secret property: a SecureString parameter without a default, the secret gone from the file', async () => {
  const dir = await copy();
  const file = path.join(dir, 'linkedService/LS_Sql.json');
  const ls = JSON.parse(await fs.readFile(file, 'utf8'));
  ls.properties.typeProperties.password = 'Pa55w0rd!Shop';
  await fs.writeFile(file, JSON.stringify(ls, null, 4));
  assert.deepEqual(await fixAll(dir, 'secret-literal', 'LS_Sql.json'), ["Move the secret into SecureString parameter 'password'"]);
  const text = await fs.readFile(file, 'utf8');
  assert.ok(!text.includes('Pa55w0rd!Shop'));
  const fixed = JSON.parse(text);
  assert.deepEqual(fixed.properties.parameters.password, { type: 'SecureString' });
  assert.equal(fixed.properties.typeProperties.password, '@{linkedService().password}');
  await fs.rm(dir, { recursive: true, force: true });
});
