/**
 * The lint rules on a fixture factory that breaks each rule once and follows it once (test/fixtures/lint/shop),
 * configuration (severities, options, per-path overrides, suppressions), and the schema of .adfwlint.json.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory, type Factory } from '../../../src/engine/model';
import { defaultConfig, lintFactory, LintConfigError, parseLintConfig, RULES, typesWithRetryPolicy, type LintResult } from '../../../src/engine/lint';
import schema from '../../../schemas/adfwlint.schema.json';

const SHOP = path.resolve(__dirname, '../../fixtures/lint/shop');

let shop: Factory;
async function factory(): Promise<Factory> {
  shop ??= await loadFactory(SHOP);
  return shop;
}

/** `rule resource@line` for every finding, sorted. */
function summary(r: LintResult): string[] {
  return r.findings.map((f) => `${f.rule} ${f.resource.kind}/${f.resource.name}@${f.activity ?? ''}@${f.severity}`).sort();
}

const CONFIG_DIR = SHOP;
function config(text: object) {
  return parseLintConfig(path.join(CONFIG_DIR, '.adfwlint.json'), JSON.stringify(text));
}

test('default rules: exactly the planted findings, nothing on the resources that follow the rules', async () => {
  const r = lintFactory(await factory(), defaultConfig(SHOP));
  assert.deepEqual(summary(r), [
    'activity-timeout-retry pipeline/PL_Orders@CallPartner@warning',
    'activity-timeout-retry pipeline/PL_Orders@CopyOrders@warning',
    'dataflow-schema-drift dataflow/DF_Drift@@warning',
    'foreach-parallel-set-variable pipeline/PL_Orders@RememberOrder@error',
    'hard-coded-environment linkedService/LS_Blob@@warning',
    'hard-coded-environment linkedService/LS_KeyVault@@warning',
    'hard-coded-environment pipeline/PL_Orders@CallPartner@warning',
    'invalid-suppression pipeline/PL_Manual@@error',
    'missing-description pipeline/PL_Manual@@info',
    'secret-literal linkedService/LS_Blob@@error',
    'secret-literal pipeline/PL_Orders@CallPartner@error',
    'unreachable-pipeline pipeline/PL_Forgotten@@info',
    'unused-resource dataset/DS_Unused@@warning',
  ]);
  // Suppressed with their reasons: an activity's userProperties (two rules) and a resource annotation.
  assert.deepEqual(
    r.suppressed.map((s) => `${s.finding.rule} ${s.finding.activity ?? s.finding.resource.name} ${s.by}: ${s.reason}`).sort(),
    [
      'activity-timeout-retry NotifyLater userProperty: the notification endpoint is idempotent and the same in every stage',
      'hard-coded-environment NotifyLater userProperty: the notification endpoint is idempotent and the same in every stage',
      'unreachable-pipeline PL_Manual annotation: started by the operations runbook through the REST API',
    ],
  );
});

test('findings point at the offending JSON and never repeat a secret', async () => {
  const f = await factory();
  const r = lintFactory(f, defaultConfig(SHOP));
  for (const x of r.findings) {
    const text = await fs.readFile(x.file, 'utf8');
    assert.ok(x.offset >= 0 && x.offset + x.length <= text.length, `${x.rule} range inside ${x.file}`);
    assert.ok(!x.message.includes('c2hvcGRldmtleWMyaG9wZGV2a2V5'), 'the account key is not in the message');
    assert.ok(!x.message.includes('eyJhbGciOiJIUzI1NiJ9'), 'the bearer token is not in the message');
  }
  const secret = r.findings.find((x) => x.rule === 'secret-literal' && x.resource.name === 'LS_Blob')!;
  const text = await fs.readFile(secret.file, 'utf8');
  assert.match(text.slice(secret.offset, secret.offset + secret.length), /^"DefaultEndpointsProtocol=https;AccountName=shopdev;AccountKey=/);
  const drift = r.findings.find((x) => x.rule === 'dataflow-schema-drift')!;
  assert.equal((await fs.readFile(drift.file, 'utf8')).slice(drift.offset, drift.offset + drift.length), 'events');
});

test('the timeout/retry rule applies to exactly the activity types whose policy has timeout and retry', () => {
  const types = typesWithRetryPolicy();
  for (const t of ['copy', 'lookup', 'webactivity', 'executedataflow', 'databricksnotebook', 'sqlserverstoredprocedure', 'getmetadata', 'delete', 'script']) assert.ok(types.has(t), t);
  for (const t of ['foreach', 'ifcondition', 'switch', 'until', 'setvariable', 'appendvariable', 'wait', 'filter', 'fail', 'executepipeline', 'validation', 'webhook']) assert.ok(!types.has(t), t);
});

test('configuration: severities, off, options', async () => {
  const r = lintFactory(
    await factory(),
    config({
      rules: {
        'missing-description': 'off',
        'unused-resource': 'error',
        'pipeline-max-activities': { options: { max: 5 } },
        'naming-convention': { severity: 'info', options: { patterns: { pipeline: '^PL_[A-Z][A-Za-z]+$', dataset: '^DS_[A-Z][a-z]+$', activity: '^[A-Z][A-Za-z]+$' } } },
        'activity-timeout-retry': { options: { defaultTimeouts: [] } },
      },
    }),
  );
  const s = summary(r);
  assert.ok(!s.some((x) => x.startsWith('missing-description')));
  assert.ok(s.includes('unused-resource dataset/DS_Unused@@error'));
  assert.ok(s.includes('pipeline-max-activities pipeline/PL_Orders@@warning'), 'PL_Orders has 10 activities with the nested ones');
  // DS_NoSchema breaks ^DS_[A-Z][a-z]+$; every pipeline and activity follows its pattern.
  assert.deepEqual(s.filter((x) => x.startsWith('naming-convention')), ['naming-convention dataset/DS_NoSchema@@info']);
  // Only the explicit 7-day timeout counts once the 12-hour default is no longer listed... and the absent timeout still is ADF's default.
  assert.deepEqual(s.filter((x) => x.startsWith('activity-timeout-retry')), ['activity-timeout-retry pipeline/PL_Orders@CallPartner@warning', 'activity-timeout-retry pipeline/PL_Orders@CopyOrders@warning']);
});

test('per-path overrides change severity and options for matching files only', async () => {
  const r = lintFactory(
    await factory(),
    config({
      rules: { 'hard-coded-environment': 'info' },
      overrides: [
        { files: 'linkedService/*.json', rules: { 'hard-coded-environment': { severity: 'error', options: { allowHosts: ['*.vault.azure.net'] } } } },
        { files: ['**/PL_Forgotten.json'], rules: { 'unreachable-pipeline': 'off' } },
      ],
    }),
  );
  const s = summary(r);
  assert.deepEqual(s.filter((x) => x.startsWith('hard-coded-environment')), ['hard-coded-environment linkedService/LS_Blob@@error', 'hard-coded-environment pipeline/PL_Orders@CallPartner@info']);
  assert.ok(!s.some((x) => x.startsWith('unreachable-pipeline')));
});

test('suppressions in the configuration need a rule, a target and a reason', async () => {
  const r = lintFactory(
    await factory(),
    config({
      suppressions: [
        { rule: 'unused-resource', resource: 'dataset/DS_Unused', reason: 'Kept until the archive job is migrated.' },
        { rule: 'secret-literal', files: 'pipeline/*.json', activity: 'CallPartner', reason: 'Test token of the partner sandbox.' },
      ],
    }),
  );
  assert.deepEqual(
    r.suppressed.filter((s) => s.by === 'config').map((s) => `${s.finding.rule} ${s.finding.resource.name}`).sort(),
    ['secret-literal PL_Orders', 'unused-resource DS_Unused'],
  );
  assert.ok(r.findings.some((f) => f.rule === 'secret-literal' && f.resource.name === 'LS_Blob'), 'the linked service secret is not covered');
  assert.throws(() => config({ suppressions: [{ rule: 'unused-resource', resource: 'dataset/DS_Unused' }] }), (e: LintConfigError) => e instanceof LintConfigError && /reason/.test(e.message) && e.line === 1);
  assert.throws(() => config({ suppressions: [{ rule: 'unused-resource', reason: 'x' }] }), LintConfigError);
});

test('invalid configurations name the file, the position and the fix', () => {
  const file = path.join(CONFIG_DIR, '.adfwlint.json');
  const text = '{\n  "rules": {\n    "secret-literall": "error"\n  }\n}\n';
  assert.throws(
    () => parseLintConfig(file, text),
    (e: LintConfigError) => e.file === file && e.line === 3 && e.column === 5 && /secret-literall/.test(e.message) && /Known rules: secret-literal/.test(e.message),
  );
  assert.throws(() => parseLintConfig(file, '{"rules": {"secret-literal": "fatal"}}'), (e: LintConfigError) => /must be equal to one of the allowed values|must match exactly one schema/.test(e.message));
  assert.throws(() => parseLintConfig(file, '{"rules": {"naming-convention": {"options": {"patterns": {"pipeline": "(["}}}}}'), (e: LintConfigError) => /not a valid regular expression/.test(e.message));
  assert.throws(() => parseLintConfig(file, '{"rules": '), (e: LintConfigError) => e.line === 1 && /JSON/.test(e.message));
  // Comments are allowed, as in VS Code's JSON with comments.
  assert.equal(parseLintConfig(file, '// team rules\n{"rules": {"missing-description": "off"}}').rules['missing-description'].severity, 'off');
});

test('the JSON Schema lists every rule with its default severity and options, and nothing else', () => {
  const props = (schema as any).definitions.ruleSettings.properties as Record<string, any>;
  assert.deepEqual(Object.keys(props).sort(), RULES.map((r) => r.meta.id).sort());
  for (const r of RULES) {
    assert.match(props[r.meta.id].description, new RegExp(`Default: ${r.meta.defaultSeverity}`), r.meta.id);
    const opts = props[r.meta.id].oneOf[1].properties.options.properties as Record<string, any>;
    assert.deepEqual(Object.keys(opts).sort(), Object.keys(r.meta.defaultOptions).sort(), `${r.meta.id} options`);
    for (const [k, v] of Object.entries(r.meta.defaultOptions)) assert.deepEqual(opts[k].default, v, `${r.meta.id}.${k} default`);
    assert.ok(r.meta.summary && r.meta.rationale && r.meta.docs, `${r.meta.id} is documented`);
  }
  assert.deepEqual((schema as any).properties.suppressions.items.properties.rule.enum.sort(), RULES.map((r) => r.meta.id).sort());
});

test('a config file in a parent folder is found; the git root stops the search', async () => {
  const { findLintConfig } = await import('../../../src/engine/lint');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-lintcfg-'));
  await fs.mkdir(path.join(dir, 'repo/.git'), { recursive: true });
  await fs.mkdir(path.join(dir, 'repo/adf/pipeline'), { recursive: true });
  await fs.writeFile(path.join(dir, '.adfwlint.json'), '{}');
  assert.equal(await findLintConfig(path.join(dir, 'repo/adf')), undefined, 'outside the repository');
  await fs.writeFile(path.join(dir, 'repo/.adfwlint.json'), '{}');
  assert.equal(await findLintConfig(path.join(dir, 'repo/adf')), path.join(dir, 'repo/.adfwlint.json'));
  await fs.rm(dir, { recursive: true, force: true });
});

test('docs/lint-rules.md is generated from the rules and current', async () => {
  const { rulesMarkdown, RULES_DOC_PATH } = await import('../../../src/engine/lint');
  const text = await fs.readFile(path.resolve(__dirname, '../../..', RULES_DOC_PATH), 'utf8');
  const doc = rulesMarkdown();
  assert.equal(text, doc.text, 'run: node --import tsx scripts/genLintDocs.ts');
  const lines = text.split('\n');
  for (const r of RULES) assert.equal(lines[doc.lines[r.meta.id] - 1], `## ${r.meta.id}`);
});
