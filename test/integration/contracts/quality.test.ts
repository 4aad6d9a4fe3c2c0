/**
 * CLI contracts of the quality commands, against the built `dist/cli.js` as a child process:
 *  lint <path> [--format human|json|sarif] [--json] [--config f] [--output f] [--quiet] [--list-rules]
 *      --json {"factories":[{root,name,config}],"findings":[{file,line,column,endLine,endColumn,severity,rule,
 *      resource,message}],"suppressed":[{file,line,column,rule,resource,reason,by}],"summary":{error,warning,info,
 *      suppressed}}; exit 0 no errors / 1 error findings / 2 usage or invalid configuration.
 *  refs <factoryDir> <kind>/<name> [--json]: {"resource","referencedBy","uses","dynamicReferences"}; exit 0, 2.
 *  unused <factoryDir> [--json]: {"unused":[{kind,name,file,reason,maybeDynamic}]}; exit 0 none / 1 some / 2 usage.
 *  test --coverage [--coverage-dir D]: summary per pipeline, D/adf-coverage.json, D/lcov.info, D/index.html.
 *  test record --subscription S [--resource-group RG] --factory F --run-id ID <factoryDir> [--out F] [--json]:
 *      {"file","pipeline","runId","status","substituted","expected"}; exit 0 written / 1 run unreadable / 2 usage.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { adfw, ensureBuilt, json, keys, ROOT, startEmulator } from '../../helpers/cli';

const SHOP = path.join(ROOT, 'test', 'fixtures', 'lint', 'shop');

before(() => ensureBuilt());

describe('adfw lint', () => {
  it('--json: exact keys, 1-based positions, exit 1 with error findings', async () => {
    const r = await adfw(['lint', SHOP, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const doc = json(r);
    assert.deepEqual(keys(doc), ['factories', 'findings', 'summary', 'suppressed']);
    assert.deepEqual(doc.factories, [{ root: SHOP, name: 'shop', config: null }]);
    for (const f of doc.findings) {
      assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'resource', 'message']);
      assert.ok(f.line >= 1 && f.column >= 1 && (f.endLine > f.line || (f.endLine === f.line && f.endColumn > f.column)), JSON.stringify(f));
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      assert.match(f.resource, /^[a-zA-Z]+\/.+/);
    }
    for (const s of doc.suppressed) assert.deepEqual(Object.keys(s), ['file', 'line', 'column', 'rule', 'resource', 'reason', 'by']);
    assert.deepEqual(doc.summary, { error: 4, warning: 7, info: 2, suppressed: 3 });
    const bearer = doc.findings.find((f: any) => f.rule === 'secret-literal' && f.resource === 'pipeline/PL_Orders');
    assert.deepEqual([bearer.file, bearer.line, bearer.column], [path.join(SHOP, 'pipeline', 'PL_Orders.json'), 34, 51]);
    assert.ok(!r.stdout.includes('c2hvcGRldmtleWMyaG9wZGV2a2V5'), 'no secret in the output');
  });

  it('human output: file:line:col severity rule message and a summary line; --quiet keeps errors', async () => {
    const r = await adfw(['lint', SHOP], { cwd: ROOT });
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.at(-1), '1 factory: 4 errors, 7 warnings, 2 info, 3 suppressed.');
    assert.ok(lines.includes(`${path.join('test', 'fixtures', 'lint', 'shop', 'pipeline', 'PL_Orders.json')}:49:35 error foreach-parallel-set-variable Set Variable 'RememberOrder' writes the pipeline variable 'last' inside ForEach 'EachOrder', whose iterations run in parallel: every iteration shares the variable, so the value read depends on timing. Set isSequential to true or move the body into a child pipeline.`), r.stdout);
    const q = await adfw(['lint', SHOP, '--quiet'], { cwd: ROOT });
    assert.equal(q.stdout.trim().split('\n').length, 5, q.stdout);
  });

  it('exit 0 when the configuration leaves only warnings; the config file is found next to the factory', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-lint-'));
    await fs.cp(SHOP, path.join(dir, 'shop'), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'shop', '.adfwlint.json'),
      JSON.stringify({ rules: { 'secret-literal': 'warning', 'foreach-parallel-set-variable': 'warning' }, suppressions: [{ rule: 'unused-resource', resource: 'dataset/DS_Unused', reason: 'kept for the archive' }] }),
    );
    await fs.writeFile(path.join(dir, 'shop', 'pipeline', 'PL_Manual.json'), (await fs.readFile(path.join(SHOP, 'pipeline', 'PL_Manual.json'), 'utf8')).replace('"adfw-disable missing-description"', '"adfw-disable missing-description: a runbook pipeline"'));
    const r = await adfw(['lint', path.join(dir, 'shop'), '--json']);
    assert.equal(r.code, 0, r.stdout);
    const doc = json(r);
    assert.equal(doc.factories[0].config, path.join(dir, 'shop', '.adfwlint.json'));
    assert.deepEqual(doc.summary, { error: 0, warning: 9, info: 1, suppressed: 5 });
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('--format sarif: SARIF 2.1.0 with rules, results, relative locations and suppressions; --output writes the file', async () => {
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-sarif-')), 'lint.sarif');
    const r = await adfw(['lint', SHOP, '--format', 'sarif', '--output', out], { cwd: ROOT });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const log = JSON.parse(await fs.readFile(out, 'utf8'));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'adfw');
    assert.equal(run.results.length, 13 + 3);
    const loc = run.results[0].locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(loc.artifactLocation.uri, /^test\/fixtures\/lint\/shop\//);
    assert.equal(run.results.filter((x: any) => x.suppressions?.length).length, 3);
  });

  it('--list-rules --json lists every rule; usage and configuration errors exit 2', async () => {
    const l = json(await adfw(['lint', '--list-rules', '--json']));
    assert.deepEqual(keys(l), ['rules']);
    assert.equal(l.rules.length, 10);
    for (const rule of l.rules) assert.deepEqual(Object.keys(rule), ['id', 'severity', 'summary', 'rationale', 'docs', 'options', 'fixable']);
    assert.equal((await adfw(['lint'])).code, 2);
    assert.equal((await adfw(['lint', SHOP, '--format', 'xml'])).code, 2);
    assert.equal((await adfw(['lint', path.join(SHOP, 'missing')])).code, 2);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-lintbad-'));
    const cfg = path.join(dir, 'bad.json');
    await fs.writeFile(cfg, '{\n  "rules": { "no-such-rule": "error" }\n}\n');
    const bad = await adfw(['lint', SHOP, '--config', cfg]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, new RegExp(`${cfg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:14: .*"no-such-rule".*Known rules: secret-literal`));
  });
});

describe('adfw refs', () => {
  it('--json: transitive referrers with depth, via and 1-based locations; what the resource uses', async () => {
    const r = await adfw(['refs', SHOP, 'linkedService/LS_Blob', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = json(r);
    assert.deepEqual(keys(doc), ['dynamicReferences', 'referencedBy', 'resource', 'uses']);
    assert.deepEqual(doc.resource, { kind: 'linkedService', name: 'LS_Blob', file: path.join(SHOP, 'linkedService', 'LS_Blob.json') });
    const by = doc.referencedBy.map((e: any) => `${e.depth} ${e.kind}/${e.name} via ${e.via}`);
    assert.deepEqual(by, [
      '1 dataset/DS_NoSchema via linkedService/LS_Blob',
      '1 dataset/DS_Orders via linkedService/LS_Blob',
      '2 dataflow/DF_Drift via dataset/DS_NoSchema',
      '2 pipeline/PL_Orders via dataset/DS_Orders',
      '3 trigger/TR_Daily via pipeline/PL_Orders',
    ]);
    const pl = doc.referencedBy.find((e: any) => e.name === 'PL_Orders');
    assert.deepEqual(Object.keys(pl), ['kind', 'name', 'file', 'depth', 'via', 'locations']);
    assert.equal(pl.locations.length, 4, 'both Copy activities read and write DS_Orders');
    assert.deepEqual(Object.keys(pl.locations[0]), ['file', 'line', 'column']);
    assert.deepEqual(doc.uses, []);
    const p = json(await adfw(['refs', SHOP, 'pipeline/PL_Orders', '--json']));
    assert.deepEqual(p.referencedBy.map((e: any) => `${e.kind}/${e.name}`), ['trigger/TR_Daily']);
    assert.deepEqual(
      p.uses.map((e: any) => `${e.depth} ${e.kind}/${e.name}`),
      ['1 dataflow/DF_Drift', '1 dataset/DS_Orders', '1 pipeline/PL_Child', '2 dataset/DS_NoSchema', '2 linkedService/LS_Blob'],
    );
  });

  it('human output and exit 2 for usage errors and unknown resources', async () => {
    const r = await adfw(['refs', SHOP, 'dataset/DS_Orders'], { cwd: ROOT });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^dataset\/DS_Orders \(test\/fixtures\/lint\/shop\/dataset\/DS_Orders\.json\)\nReferenced by \(3\):\n {2}dataflow\/DF_Drift {2}→ dataset\/DS_Orders {2}test\/fixtures\/lint\/shop\/dataflow\/DF_Drift\.json:\d+:\d+\n/);
    const missing = await adfw(['refs', SHOP, 'dataset/Nope']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /defines no dataset named "Nope" \(datasets: DS_NoSchema, DS_Orders, DS_Unused\)/);
    assert.equal((await adfw(['refs', SHOP, 'Nope'])).code, 2);
    assert.equal((await adfw(['refs', SHOP])).code, 2);
    assert.equal((await adfw(['refs', path.join(SHOP, 'nope'), 'dataset/DS_Orders'])).code, 2);
  });
});

describe('adfw unused', () => {
  it('--json: {"unused":[{kind,name,file,reason,maybeDynamic}]}, exit 1 when something is unused', async () => {
    const r = await adfw(['unused', SHOP, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const doc = json(r);
    assert.deepEqual(keys(doc), ['unused']);
    assert.deepEqual(doc.unused, [
      { kind: 'pipeline', name: 'PL_Forgotten', file: path.join(SHOP, 'pipeline', 'PL_Forgotten.json'), reason: 'notTriggered', maybeDynamic: false },
      { kind: 'pipeline', name: 'PL_Manual', file: path.join(SHOP, 'pipeline', 'PL_Manual.json'), reason: 'notTriggered', maybeDynamic: false },
      { kind: 'dataset', name: 'DS_Unused', file: path.join(SHOP, 'dataset', 'DS_Unused.json'), reason: 'unreferenced', maybeDynamic: false },
    ]);
  });

  it('exit 0 when everything is used; 2 for usage errors', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-unused-'));
    await fs.mkdir(path.join(dir, 'pipeline'));
    await fs.mkdir(path.join(dir, 'trigger'));
    await fs.writeFile(path.join(dir, 'pipeline', 'P.json'), JSON.stringify({ name: 'P', properties: { activities: [] } }));
    await fs.writeFile(path.join(dir, 'trigger', 'T.json'), JSON.stringify({ name: 'T', properties: { type: 'ScheduleTrigger', typeProperties: { recurrence: { frequency: 'Day', interval: 1 } }, pipelines: [{ pipelineReference: { referenceName: 'P', type: 'PipelineReference' } }] } }));
    const r = await adfw(['unused', dir]);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout.trim(), `0 unused resources in ${path.basename(dir)}.`);
    assert.equal((await adfw(['unused'])).code, 2);
    assert.equal((await adfw(['unused', path.join(dir, 'nope')])).code, 2);
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('adfw test --coverage', () => {
  it('prints the summary per pipeline and writes adf-coverage.json, lcov.info and index.html', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-cov-'));
    const r = await adfw(['test', path.join(ROOT, 'samples', 'control-flow'), '--coverage', '--coverage-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('Coverage');
    assert.ok(at > 0, r.stdout);
    assert.deepEqual(lines.slice(at + 1, at + 5), [
      'pipeline          activities  branches  conditions  loop bodies',
      'Orchestrate       18/18 100%  5/5 100%  10/10 100%     2/2 100%',
      'ProcessOrderFile    4/4 100%  2/2 100%    2/2 100%            –',
      'all pipelines     22/22 100%  7/7 100%  12/12 100%     2/2 100%',
    ]);
    const doc = JSON.parse(await fs.readFile(path.join(dir, 'adf-coverage.json'), 'utf8'));
    assert.deepEqual(keys(doc), ['factories', 'totals', 'version']);
    assert.deepEqual(keys(doc.factories[0]), ['name', 'pipelines', 'root']);
    assert.deepEqual(keys(doc.factories[0].pipelines[0]), ['activities', 'branches', 'conditions', 'file', 'loops', 'pipeline', 'summary']);
    assert.deepEqual(keys(doc.factories[0].pipelines[0].activities[0]), ['activity', 'covered', 'hits', 'length', 'line', 'offset', 'type']);
    assert.match(await fs.readFile(path.join(dir, 'lcov.info'), 'utf8'), /^TN:\nSF:.*Orchestrate\.json\nFN:\d+,ListDrops\n/);
    assert.match(await fs.readFile(path.join(dir, 'index.html'), 'utf8'), /^<!DOCTYPE html>/);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('with --reporter json stdout stays one JSON document (the summary goes to stderr); --coverage-dir alone is a usage error', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-cov-'));
    const r = await adfw(['test', path.join(ROOT, 'samples', 'control-flow'), '--reporter', 'json', '--coverage', '--coverage-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    json(r);
    assert.match(r.stderr, /all pipelines +22\/22 100%/);
    assert.equal((await adfw(['test', path.join(ROOT, 'samples', 'control-flow'), '--coverage-dir', dir])).code, 2);
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('adfw test record (against the ARM emulator)', { concurrency: 1 }, () => {
  const TOKEN_VAR = 'ADFW_RECORD_TOKEN';
  const TOKEN = 'record-' + Math.random().toString(36).slice(2);
  const SUB = '00000000-0000-4000-8000-0000000ec0de';
  const RG = 'rg-record';
  const F = 'recordfactory';
  const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'record', 'rates');
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let work = '';
  let runId = '';
  const env = { [TOKEN_VAR]: TOKEN };
  const conn = () => ['--endpoint', emu.url, '--token-env', TOKEN_VAR];

  before(async () => {
    emu = await startEmulator(TOKEN_VAR, TOKEN);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-record-'));
    await fs.cp(FIXTURE, path.join(work, 'rates'), { recursive: true });
    // The rates service the pipeline calls in "ADF": a loopback HTTP server, stopped before the test runs locally.
    const served: string[] = [];
    const server = http.createServer((req, res) => {
      served.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(req.url?.startsWith('/rate') ? JSON.stringify({ currency: 'EUR', rate: 1.25 }) : JSON.stringify({ accepted: true }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const pub = await adfw(['publish', path.join(work, 'rates'), '--subscription', SUB, '--resource-group', RG, '--factory', F, ...conn(), '--json'], { env, timeoutMs: 120_000 });
    assert.equal(pub.code, 0, pub.stdout + pub.stderr);
    const run = await adfw(['remote', 'run', '--subscription', SUB, '--resource-group', RG, '--factory', F, '--pipeline', 'PricedOrders', '--param', `baseUrl=${baseUrl}`, '--wait', '--json', ...conn()], { env, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    runId = json(run).pipelineRun.runId;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    assert.deepEqual(served, ['GET /rate?currency=EUR', 'POST /notify'], 'the emulator ran the pipeline against the service');
  });

  after(async () => {
    await emu?.stop();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('records the run (factory found without --resource-group) and the recorded test passes locally without the service', async () => {
    const r = await adfw(['test', 'record', '--subscription', SUB, '--factory', F, '--run-id', runId, path.join(work, 'rates'), '--json', ...conn()], { env, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = json(r);
    assert.deepEqual(keys(doc), ['expected', 'file', 'pipeline', 'runId', 'status', 'substituted']);
    assert.equal(doc.file, path.join(work, 'rates', 'tests', `PricedOrders-${runId.slice(0, 8)}.adftest.json`));
    assert.deepEqual([doc.pipeline, doc.runId, doc.status], ['PricedOrders', runId, 'Succeeded']);
    assert.deepEqual(doc.substituted.sort(), ['GetRate', 'PostLabel'], 'the Web calls of the pipeline and of its child are replayed');
    assert.deepEqual(doc.expected.sort(), ['GetRate', 'IsHigh', 'KeepRate', 'LabelHigh', 'Notify']);
    const file = JSON.parse(await fs.readFile(doc.file, 'utf8'));
    const t = file.tests[0];
    assert.match(t.parameters.baseUrl, /^http:\/\/127.0.0.1:\d+$/, 'the parameters ADF was given');
    assert.deepEqual(t.mocks.find((m: any) => m.activity === 'GetRate').output.rate, 1.25);
    assert.deepEqual(t.expect.activities.KeepRate, { status: 'Succeeded', runs: 1, input: { variableName: 'rate', value: '1.25' } });
    assert.deepEqual(t.expect.activities.LabelHigh.input, { variableName: 'label', value: 'high 1.25' });
    const local = await adfw(['test', path.join(work, 'rates')], { timeoutMs: 60_000 });
    assert.equal(local.code, 0, local.stdout + local.stderr);
    assert.match(local.stdout, /1 test\(s\): 1 passed, 0 failed/);
    // A change to the pipeline's logic now fails the test taken from the run.
    const p = path.join(work, 'rates', 'pipeline', 'PricedOrders.json');
    await fs.writeFile(p, (await fs.readFile(p, 'utf8')).replace('1.1)', '1.5)'));
    const changed = await adfw(['test', path.join(work, 'rates')], { timeoutMs: 60_000 });
    assert.equal(changed.code, 1, changed.stdout);
    assert.match(changed.stdout, /LabelHigh/);
  });

  it('usage errors exit 2; an unknown run exits 1; an existing file is never overwritten', async () => {
    assert.equal((await adfw(['test', 'record', '--factory', F, '--run-id', runId, path.join(work, 'rates'), ...conn()], { env })).code, 2);
    assert.equal((await adfw(['test', 'record', '--subscription', SUB, '--factory', F, '--run-id', runId, ...conn()], { env })).code, 2);
    const missing = await adfw(['test', 'record', '--subscription', SUB, '--resource-group', RG, '--factory', F, '--run-id', '00000000-0000-0000-0000-000000000000', path.join(work, 'rates'), ...conn()], { env });
    assert.equal(missing.code, 1, missing.stdout + missing.stderr);
    const out = path.join(work, 'exists.adftest.json');
    await fs.writeFile(out, '{}');
    const again = await adfw(['test', 'record', '--subscription', SUB, '--resource-group', RG, '--factory', F, '--run-id', runId, path.join(work, 'rates'), '--out', out, ...conn()], { env });
    assert.equal(again.code, 2);
    assert.equal(await fs.readFile(out, 'utf8'), '{}');
  });
});
