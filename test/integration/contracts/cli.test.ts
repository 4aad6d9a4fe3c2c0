/**
 * CLI contract conformance: drives the built CLI (`node dist/cli.js …`) as a child process and checks every
 * contract written in the product's issues exactly: command names, flags, JSON shapes (top-level keys and
 * types), 1-based positions, exit codes 0/1/2 per documented case, one output line per batch input line, the
 * emulator's single `listening https://127.0.0.1:N` line, and the REST shapes of run records.
 *
 * The fixture factories in test/fixtures/contracts/ are copied to a temporary folder first, so runs (and the
 * run store they write) never touch the repository. Servers: the ARM emulator is the CLI's own process on a free
 * loopback port; the demo starts its embedded Cosmos DB itself.
 *
 * Checklist (issue → contract → test below):
 *  #3  validate <path> --json: {"factories":[{root,resources{kind:N}}],"diagnostics":[{file,line,column,endLine,
 *      endColumn,severity,code,source,message}]}, 1-based; exit 0 clean / 1 errors / 2 usage; human form
 *      `file:line:col severity code message`.
 *  #4  eval '<expr>' [--context f] --json: {"value"} | {"error":{code,message}}, exit 0/1; context keys (every key
 *      optional, `now` is the utcNow clock); eval --batch f.jsonl: one line per input line, in order, a bad line is
 *      an error line and never stops the batch.
 *  #5  run <dir> <pipeline> [--param]… [--params-file] [--connections] [--mock Name=f]… [--now] [--seed] [--until]
 *      --json: {"pipelineRun","activityRuns"} in REST shape, activity runs ordered by start; exit 0 Succeeded,
 *      1 Failed/Cancelled, 2 usage or a factory that does not validate (diagnostics printed).
 *  #8  remote run … --wait --json (REST shape, exit codes as run); remote list --subscription S --json (factories
 *      with their resources); --endpoint / --token-env; emulator --port N --token-env NAME [--state-dir]: one
 *      `listening https://127.0.0.1:N` line, 401 without the token, 404 for unknown resources, the REST endpoints
 *      listed in the issue; publish … [--dry-run] [--delete-orphans] --json; export-arm <dir> --out <dir>.
 *  #9  trigger times <dir> <trigger> [--from] [--count] --json: {"fireTimes":[ISO…]} or {"windows":[{start,end}]};
 *      trigger fire <dir> <trigger> [--at ISO] with TriggerType/TriggerName/TriggerTime and bindings evaluated.
 *  #11 dataflow preview <dir> <dataflow> <stream> [--rows N] --json: the first N rows at that stream.
 *  #12 test [path] [--reporter junit|json|spec]: exit 0 all passed / 1 a test failed; JUnit XML for CI.
 *  #6  demo (npm run demo): insert, 409 on re-insert, skip-and-log, upsert, summary and an HTML report.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { CosmosClient } from '@azure/cosmos';
import { startCosmosServer, type CosmosServerHandle } from '../../helpers/servers';
import { adfw, CLI, ensureBuilt, freePort, json, keys, ROOT } from '../../helpers/cli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'contracts');
const NOW = '2024-05-03T06:00:00Z';


function isIso(v: unknown): boolean {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
}

/** Fields of PipelineRun in the Data Factory REST API (2018-06-01). */
const PIPELINE_RUN_REST = ['runId', 'runGroupId', 'isLatest', 'pipelineName', 'parameters', 'runDimensions', 'invokedBy', 'lastUpdated', 'runStart', 'runEnd', 'durationInMs', 'status', 'message', 'pipelineReturnValue', 'annotations'];
/** Fields of ActivityRun in the Data Factory REST API (2018-06-01). */
const ACTIVITY_RUN_REST = ['pipelineName', 'pipelineRunId', 'activityName', 'activityType', 'activityRunId', 'linkedServiceName', 'status', 'activityRunStart', 'activityRunEnd', 'durationInMs', 'input', 'output', 'error', 'retryAttempt', 'iterationHash', 'userProperties', 'recoveryStatus', 'integrationRuntimeNames', 'executionDetails'];

/** Checks the `{"pipelineRun","activityRuns"}` document of `run`, `remote run` and `trigger fire`. */
function assertRunShape(doc: any, pipelineName: string, status: string): void {
  assert.deepEqual(keys(doc), ['activityRuns', 'pipelineRun']);
  const pr = doc.pipelineRun;
  for (const k of ['runId', 'pipelineName', 'parameters', 'invokedBy', 'runStart', 'runEnd', 'durationInMs', 'status', 'message']) assert.ok(k in pr, `pipelineRun.${k} is missing`);
  const foreign = Object.keys(pr).filter((k) => !PIPELINE_RUN_REST.includes(k) && !k.startsWith('adfw:'));
  assert.deepEqual(foreign, [], 'pipelineRun has only REST fields (and namespaced adfw: extensions)');
  assert.equal(typeof pr.runId, 'string');
  assert.equal(pr.pipelineName, pipelineName);
  assert.equal(pr.status, status);
  assert.equal(typeof pr.parameters, 'object');
  assert.equal(typeof pr.invokedBy, 'object');
  assert.ok(isIso(pr.runStart), `runStart ${pr.runStart}`);
  assert.ok(isIso(pr.runEnd), `runEnd ${pr.runEnd}`);
  assert.equal(typeof pr.durationInMs, 'number');
  assert.ok(Math.abs(pr.durationInMs - (Date.parse(pr.runEnd) - Date.parse(pr.runStart))) <= 1, 'durationInMs = runEnd - runStart');
  assert.equal(typeof pr.message, 'string');
  assert.ok(Array.isArray(doc.activityRuns));
  let previous = '';
  for (const a of doc.activityRuns) {
    for (const k of ['activityRunId', 'activityName', 'activityType', 'pipelineRunId', 'status', 'activityRunStart', 'activityRunEnd', 'durationInMs', 'input', 'output', 'error']) assert.ok(k in a, `activityRuns[${a.activityName}].${k} is missing`);
    const extra = Object.keys(a).filter((k) => !ACTIVITY_RUN_REST.includes(k) && !k.startsWith('adfw:'));
    assert.deepEqual(extra, [], `activity run ${a.activityName} has only REST fields`);
    assert.equal(a.pipelineRunId, pr.runId);
    assert.ok(isIso(a.activityRunStart), `activityRunStart ${a.activityRunStart}`);
    if (a.activityRunEnd) assert.ok(Math.abs(a.durationInMs - (Date.parse(a.activityRunEnd) - Date.parse(a.activityRunStart))) <= 1, `durationInMs of ${a.activityName}`);
    assert.ok(a.activityRunStart >= previous, 'activity runs are ordered by start');
    previous = a.activityRunStart;
    if (a.error) for (const k of ['errorCode', 'message', 'failureType', 'target']) assert.ok(k in a.error, `error.${k} of ${a.activityName}`);
  }
}

function activity(doc: any, name: string): any {
  const a = doc.activityRuns.find((x: any) => x.activityName === name);
  assert.ok(a, `no activity run named ${name}: ${doc.activityRuns.map((x: any) => x.activityName).join(', ')}`);
  return a;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in the fixture`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

interface HttpResult {
  status: number;
  body: any;
  selfSigned: boolean;
}

/** One HTTPS request to the loopback emulator (its certificate is self-signed, checked separately). */
function request(url: string, method: string, token: string | undefined, body?: unknown): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    assert.equal(u.hostname, '127.0.0.1', 'loopback only');
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      { host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method, rejectUnauthorized: false, agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        const selfSigned = !!cert && JSON.stringify(cert.subject) === JSON.stringify(cert.issuer);
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, selfSigned });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    if (data) req.write(data);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------------------------

let work = '';
let factoryDir = '';
let brokenDir = '';
let connectionsFile = '';

before(async () => {
  ensureBuilt();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-contracts-'));
  await fs.cp(FIXTURES, work, { recursive: true });
  factoryDir = path.join(work, 'shop');
  brokenDir = path.join(work, 'broken');
  connectionsFile = path.join(work, 'connections.json');
  // ${env:NAME} substitution keeps the folder out of the file, as the contract asks.
  await fs.writeFile(connectionsFile, JSON.stringify({ Files: { host: '${env:ADFW_CONTRACT_DATA}' } }));
});

after(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

const DATA_ENV = () => ({ ADFW_CONTRACT_DATA: path.join(factoryDir, 'data') });
describe('adfw CLI contracts', { concurrency: 3 }, () => {

  // ---------------------------------------------------------------------------------------------------------------
  describe('#3 adfw validate', { concurrency: 2 }, () => {
    it('a clean factory: exact top-level keys, factory root and resource counts, exit 0', async () => {
      const r = await adfw(['validate', factoryDir, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.deepEqual(keys(doc), ['diagnostics', 'factories']);
      assert.equal(doc.factories.length, 1);
      const f = doc.factories[0];
      assert.ok('root' in f && 'resources' in f, `factory entry keys: ${Object.keys(f)}`);
      assert.equal(path.resolve(f.root), factoryDir);
      assert.equal(f.resources.pipeline, 6);
      assert.equal(f.resources.dataset, 2);
      assert.equal(f.resources.linkedService, 3);
      assert.equal(f.resources.trigger, 2);
      assert.equal(f.resources.dataflow, 1);
      assert.deepEqual(doc.diagnostics.filter((d: any) => d.severity === 'error'), []);
    });

    it('a broken factory: json, semantic and expression diagnostics with exact 1-based ranges, exit 1', async () => {
      const r = await adfw(['validate', brokenDir, '--json']);
      assert.equal(r.code, 1, r.stderr);
      const doc = json(r);
      assert.deepEqual(keys(doc), ['diagnostics', 'factories']);
      for (const d of doc.diagnostics) {
        assert.deepEqual(keys(d), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity', 'source']);
        for (const k of ['line', 'column', 'endLine', 'endColumn']) assert.ok(Number.isInteger(d[k]) && d[k] >= 1, `${k} is a 1-based integer: ${d[k]}`);
        assert.ok(['error', 'warning', 'info'].includes(d.severity));
        assert.ok(['json', 'schema', 'semantic', 'expression'].includes(d.source));
        assert.match(d.code, /^ADF\d{4}$/);
        assert.equal(typeof d.message, 'string');
        assert.ok(path.isAbsolute(d.file) || existsSync(path.resolve(d.file)), `file ${d.file}`);
      }
      const byFile = (name: string) => doc.diagnostics.filter((d: any) => path.basename(d.file) === name && d.severity === 'error');

      const refText = await fs.readFile(path.join(brokenDir, 'pipeline', 'BadRef.json'), 'utf8');
      const ref = byFile('BadRef.json');
      assert.equal(ref.length, 1, JSON.stringify(ref));
      assert.equal(ref[0].source, 'semantic');
      const refPos = positionOf(refText, '"NoSuchPipeline"');
      assert.deepEqual([ref[0].line, ref[0].column, ref[0].endLine, ref[0].endColumn], [refPos.line, refPos.column, refPos.line, refPos.column + '"NoSuchPipeline"'.length]);

      const exprText = await fs.readFile(path.join(brokenDir, 'pipeline', 'BadExpr.json'), 'utf8');
      const expr = byFile('BadExpr.json');
      assert.equal(expr.length, 1, JSON.stringify(expr));
      assert.equal(expr[0].source, 'expression');
      const exprPos = positionOf(exprText, `"@concat('a', 'b'"`);
      assert.equal(expr[0].line, exprPos.line);
      assert.ok(expr[0].column > exprPos.column && expr[0].column <= exprPos.column + `"@concat('a', 'b'"`.length, `column ${expr[0].column} lies inside the string starting at ${exprPos.column}`);

      const jsonText = await fs.readFile(path.join(brokenDir, 'pipeline', 'BadJson.json'), 'utf8');
      const bad = byFile('BadJson.json');
      assert.ok(bad.length >= 1);
      assert.equal(bad[0].source, 'json');
      const jsonPos = positionOf(jsonText, '"annotations"');
      assert.deepEqual([bad[0].line, bad[0].column], [jsonPos.line, jsonPos.column], 'the JSON error points at the token after the missing comma');
    });

    it('warnings alone do not fail: exit 0, the warning positioned on the reference', async () => {
      const dir = path.join(work, 'warnings');
      const r = await adfw(['validate', dir, '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = json(r);
      assert.deepEqual(keys(doc), ['diagnostics', 'factories']);
      const w = doc.diagnostics.filter((d: any) => d.severity === 'warning');
      assert.equal(w.length, 1, JSON.stringify(doc.diagnostics));
      assert.equal(w[0].source, 'semantic');
      const text = await fs.readFile(path.join(dir, 'pipeline', 'LooseOrder.json'), 'utf8');
      const call = positionOf(text, "activity('Produce')");
      const nameCol = call.column + "activity('".length;
      assert.equal(w[0].line, call.line);
      assert.ok(w[0].column >= call.column && w[0].column <= nameCol && w[0].endColumn >= nameCol + 'Produce'.length, `range ${w[0].column}-${w[0].endColumn} covers Produce at ${nameCol}`);
      const human = await adfw(['validate', dir]);
      assert.equal(human.code, 0);
      assert.match(human.stdout, /LooseOrder\.json:\d+:\d+ warning ADF\d{4} /);
    });

    it('positions stay exact in files saved with CRLF line endings or a UTF-8 byte order mark', async () => {
      const doc = json(await adfw(['validate', brokenDir, '--json']));
      for (const [file, name] of [
        ['BadRefCrlf.json', '"AlsoMissing"'],
        ['BadRefBom.json', '"MissingToo"'],
      ]) {
        const text = (await fs.readFile(path.join(brokenDir, 'pipeline', file), 'utf8')).replace(/^\uFEFF/, '');
        const want = positionOf(text.replace(/\r\n/g, '\n'), name);
        const d = doc.diagnostics.filter((x: any) => path.basename(x.file) === file && x.severity === 'error');
        assert.equal(d.length, 1, `${file}: ${JSON.stringify(d)}`);
        assert.deepEqual([d[0].line, d[0].column, d[0].endLine, d[0].endColumn], [want.line, want.column, want.line, want.column + name.length], file);
      }
    });

    it('several factories under one path: one entry each, diagnostics of both', async () => {
      const r = await adfw(['validate', work, '--json']);
      assert.equal(r.code, 1, r.stderr);
      const doc = json(r);
      assert.deepEqual(doc.factories.map((f: any) => path.basename(f.root)).sort(), ['broken', 'shop', 'warnings']);
      assert.ok(doc.diagnostics.every((d: any) => d.file.startsWith(brokenDir) || d.severity !== 'error'), 'errors only in the broken factory');
    });

    it('schema diagnostics carry source "schema" and the position of the offending value', async () => {
      const text = await fs.readFile(path.join(brokenDir, 'pipeline', 'BadSchema.json'), 'utf8');
      const doc = json(await adfw(['validate', brokenDir, '--json']));
      const ds = doc.diagnostics.filter((d: any) => path.basename(d.file) === 'BadSchema.json');
      assert.ok(ds.length >= 2, JSON.stringify(ds));
      assert.ok(ds.every((d: any) => d.source === 'schema' && d.severity === 'error'), JSON.stringify(ds));
      const conc = positionOf(text, '"several"');
      assert.ok(ds.some((d: any) => d.line === conc.line && d.column === conc.column), `a diagnostic at ${conc.line}:${conc.column}: ${JSON.stringify(ds)}`);
      const tp = positionOf(text, '"typeProperties": {}');
      assert.ok(ds.some((d: any) => d.line === tp.line && /waitTimeInSeconds/.test(d.message)), `missing waitTimeInSeconds reported on line ${tp.line}`);
    });

    it('human output is compiler-like: file:line:col severity code message', async () => {
      const r = await adfw(['validate', brokenDir]);
      assert.equal(r.code, 1);
      const line = r.stdout.split('\n').find((l) => l.includes('BadRef.json'));
      assert.ok(line, r.stdout);
      assert.match(line, /BadRef\.json:10:42 error ADF\d{4} \S/);
    });

    it('usage errors exit 2: no path, a missing path, an unknown flag', async () => {
      const [none, missing, flag] = await Promise.all([adfw(['validate']), adfw(['validate', path.join(work, 'does-not-exist'), '--json']), adfw(['validate', factoryDir, '--bogus'])]);
      assert.equal(none.code, 2, 'no path');
      assert.equal(missing.code, 2, 'a missing path');
      assert.equal(flag.code, 2, 'an unknown flag');
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#4 adfw eval', { concurrency: 2 }, () => {
    it('prints {"value": <JSON>} and exits 0', async () => {
      const r = await adfw(['eval', '@add(7, div(7, 2))', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(json(r), { value: 10 });
      const s = await adfw(['eval', "@createArray('a', 1, true, null)", '--json']);
      assert.deepEqual(json(s), { value: ['a', 1, true, null] });
    });

    it('a JSON string value: @{…} interpolation, @@ escape, plain text', async () => {
      const [interp, escaped, plain] = await Promise.all([adfw(['eval', 'n=@{add(1, 2)} b=@{true}', '--json']), adfw(['eval', '@@home', '--json']), adfw(['eval', 'just text', '--json'])]);
      assert.deepEqual(json(interp), { value: 'n=3 b=True' });
      assert.deepEqual(json(escaped), { value: '@home' });
      assert.deepEqual(json(plain), { value: 'just text' });
    });

    it('prints {"error": {"code", "message"}} and exits 1', async () => {
      const r = await adfw(['eval', "@int('abc')", '--json']);
      assert.equal(r.code, 1);
      const doc = json(r);
      assert.deepEqual(keys(doc), ['error']);
      assert.deepEqual(keys(doc.error), ['code', 'message']);
      assert.equal(typeof doc.error.code, 'string');
      assert.match(doc.error.message, /int/);
      const syntax = await adfw(['eval', "@concat('a'", '--json']);
      assert.equal(syntax.code, 1);
      assert.deepEqual(keys(json(syntax)), ['error']);
    });

    it('--context file: every documented key, now is the clock for utcNow()', async () => {
      const ctx = {
        parameters: { p: 'P' },
        globalParameters: { g: 5 },
        variables: { v: [1, 2] },
        activities: { Look: { output: { firstRow: { id: 9 } }, status: 'Succeeded', error: null } },
        item: { k: 'I' },
        pipeline: { DataFactory: 'DF', Pipeline: 'PL', RunId: 'R1', TriggerType: 'Manual', TriggerId: 'T1', TriggerName: 'TN', TriggerTime: '2024-01-01T00:00:00Z', GroupId: 'G1', TriggeredByPipelineName: 'Parent', TriggeredByPipelineRunId: 'R0' },
        trigger: { startTime: '2024-02-02T02:00:00Z', scheduledTime: '2024-02-02T01:00:00Z', outputs: { windowStartTime: 'W' } },
        dataset: { d: 'D' },
        linkedService: { l: 'L' },
        now: '2024-03-04T05:06:07Z',
      };
      const file = path.join(work, 'context.json');
      await fs.writeFile(file, JSON.stringify(ctx));
      const expr =
        "@concat(pipeline().parameters.p, '|', string(pipeline().globalParameters.g), '|', string(length(variables('v'))), '|', string(activity('Look').output.firstRow.id), '|', item().k, '|', " +
        "pipeline().DataFactory, pipeline().Pipeline, pipeline().RunId, pipeline().TriggerType, pipeline().TriggerId, pipeline().TriggerName, pipeline().GroupId, pipeline().TriggeredByPipelineName, pipeline().TriggeredByPipelineRunId, '|', " +
        "trigger().startTime, '|', trigger().scheduledTime, '|', trigger().outputs.windowStartTime, '|', dataset().d, linkedService().l, '|', utcNow('yyyy-MM-ddTHH:mm:ss'))";
      const r = await adfw(['eval', expr, '--context', file, '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(json(r), { value: 'P|5|2|9|I|DFPLR1ManualT1TNG1ParentR0|2024-02-02T02:00:00Z|2024-02-02T01:00:00Z|W|DL|2024-03-04T05:06:07' });
      const empty = path.join(work, 'empty-context.json');
      await fs.writeFile(empty, '{}');
      const e = await adfw(['eval', "@string(add(1, 1))", '--context', empty, '--json']);
      assert.deepEqual(json(e), { value: '2' });
    });

    it('--batch: exactly one JSON line per input line, in order; bad lines give error lines', async () => {
      const lines = [
        JSON.stringify({ expression: '@add(1, 2)', context: {} }),
        '{this is not json',
        JSON.stringify({ expression: "@pipeline().parameters.x", context: { parameters: { x: 'ctx' } } }),
        JSON.stringify({ expression: "@int('nope')", context: {} }),
        JSON.stringify([1, 2]),
        JSON.stringify({ expression: "@utcNow('yyyy')", context: { now: '2031-06-01T00:00:00Z' } }),
        JSON.stringify({ context: {} }),
        JSON.stringify({ expression: "@toUpper('z')" }),
        '',
        JSON.stringify({ expression: '@item()', context: { item: null } }),
        JSON.stringify({ expression: '@x', context: 'not an object' }),
        JSON.stringify({ expression: '@concat(' }),
        JSON.stringify({ expression: "@concat('last')" }),
      ];
      const file = path.join(work, 'batch.jsonl');
      await fs.writeFile(file, lines.join('\n') + '\n');
      const r = await adfw(['eval', '--batch', file]);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      const out = r.stdout.split('\n');
      assert.equal(out.pop(), '', 'output ends with a newline');
      assert.equal(out.length, lines.length, r.stdout);
      const docs = out.map((l) => JSON.parse(l));
      for (const d of docs) assert.ok(JSON.stringify(keys(d)) === '["value"]' || JSON.stringify(keys(d)) === '["error"]', JSON.stringify(d));
      assert.deepEqual(docs[0], { value: 3 });
      assert.deepEqual(keys(docs[1]), ['error']);
      assert.deepEqual(docs[2], { value: 'ctx' });
      assert.deepEqual(keys(docs[3]), ['error']);
      assert.deepEqual(keys(docs[3].error), ['code', 'message']);
      assert.deepEqual(keys(docs[4]), ['error']);
      assert.deepEqual(docs[5], { value: '2031' });
      assert.deepEqual(keys(docs[6]), ['error']);
      assert.deepEqual(docs[7], { value: 'Z' });
      assert.deepEqual(keys(docs[8]), ['error'], 'an empty line is a bad line');
      assert.deepEqual(docs[9], { value: null }, 'item() is null when the context says so');
      assert.deepEqual(keys(docs[10]), ['error']);
      assert.deepEqual(keys(docs[11]), ['error']);
      assert.deepEqual(docs[12], { value: 'last' });
    });

    it('usage errors exit 2', async () => {
      assert.equal((await adfw(['eval'])).code, 2);
      assert.equal((await adfw(['eval', '@add(1,2)', '--bogus'])).code, 2);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#5 adfw run', { concurrency: 2 }, () => {
    it('a succeeding run: REST shape, parameters from --param, evaluated inputs, --now and --seed, exit 0', async () => {
      const args = ['run', factoryDir, 'Basic', '--param', 'name=ada', '--param', 'count=4', '--now', NOW, '--seed', '11', '--json'];
      const r = await adfw(args);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assertRunShape(doc, 'Basic', 'Succeeded');
      assert.equal(String(doc.pipelineRun.parameters.name), 'ada');
      assert.equal(String(doc.pipelineRun.parameters.count), '4');
      assert.deepEqual(
        doc.activityRuns.map((a: any) => a.activityName),
        ['SetGreeting', 'SetStartedBy', 'SetClock', 'SetId', 'Pause'],
      );
      assert.equal(activity(doc, 'SetGreeting').input.value, 'hello ada x5', 'inputs are recorded after expression evaluation (count is an Int)');
      assert.equal(activity(doc, 'SetClock').input.value, '2024-05-03T06:00:00Z', '--now fixes utcNow()');
      const [againRun, otherRun] = await Promise.all([adfw(args), adfw(['run', factoryDir, 'Basic', '--seed', '12', '--json'])]);
      const again = json(againRun);
      const other = json(otherRun);
      assert.equal(activity(again, 'SetId').input.value, activity(doc, 'SetId').input.value, '--seed makes guid() reproducible');
      assert.notEqual(activity(other, 'SetId').input.value, activity(doc, 'SetId').input.value);
    });

    it('--params-file, with --param taking precedence', async () => {
      const file = path.join(work, 'params.json');
      await fs.writeFile(file, JSON.stringify({ name: 'fromfile', count: 1 }));
      const r = await adfw(['run', factoryDir, 'Basic', '--params-file', file, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(activity(json(r), 'SetGreeting').input.value, 'hello fromfile x2');
      const both = await adfw(['run', factoryDir, 'Basic', '--params-file', file, '--param', 'name=flag', '--json']);
      assert.equal(activity(json(both), 'SetGreeting').input.value, 'hello flag x2');
    });

    it('activity runs inside a parallel ForEach are listed with the others, ordered by start', async () => {
      const r = await adfw(['run', factoryDir, 'Loop', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assertRunShape(doc, 'Loop', 'Succeeded');
      const names = doc.activityRuns.map((a: any) => a.activityName);
      assert.equal(names.filter((n: string) => n === 'Remember').length, 3, names.join(', '));
      assert.equal(names[0], 'EachItem');
      assert.equal(names[names.length - 1], 'After');
      assert.deepEqual(doc.activityRuns.filter((a: any) => a.activityName === 'Remember').map((a: any) => a.input.value).sort(), ['a', 'b', 'c']);
    });

    it('--until runs up to and including the named activity', async () => {
      const r = await adfw(['run', factoryDir, 'Basic', '--until', 'SetStartedBy', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assertRunShape(doc, 'Basic', 'Succeeded');
      assert.deepEqual(doc.activityRuns.map((a: any) => a.activityName), ['SetGreeting', 'SetStartedBy']);
    });

    it('--connections with ${env:NAME} substitution reaches the linked service', async () => {
      const r = await adfw(['run', factoryDir, 'ReadNumbers', '--connections', connectionsFile, '--json'], { env: DATA_ENV() });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = json(r);
      assertRunShape(doc, 'ReadNumbers', 'Succeeded');
      assert.equal(String(activity(doc, 'FirstNumber').output.firstRow.n), '1');
    });

    it('a failing run exits 1 with ADF error details {errorCode, message, failureType, target}', async () => {
      const r = await adfw(['run', factoryDir, 'Fails', '--json']);
      assert.equal(r.code, 1, r.stderr);
      const doc = json(r);
      assertRunShape(doc, 'Fails', 'Failed');
      const stop = activity(doc, 'Stop');
      assert.equal(stop.status, 'Failed');
      assert.equal(stop.error.errorCode, 'E4242');
      assert.equal(stop.error.message, 'Contract failure for tests');
      assert.equal(stop.error.target, 'Stop');
      assert.match(doc.pipelineRun.message, /Contract failure for tests/);
    });

    it('an activity that cannot run locally fails without a mock (saying how to give one) and succeeds with --mock', async () => {
      const no = await adfw(['run', factoryDir, 'NeedsMock', '--json']);
      assert.equal(no.code, 1, no.stderr);
      const failed = json(no);
      assertRunShape(failed, 'NeedsMock', 'Failed');
      assert.match(activity(failed, 'CallFunction').error.message, /mock/i);
      const mockFile = path.join(work, 'score.json');
      await fs.writeFile(mockFile, JSON.stringify({ score: 42 }));
      const yes = await adfw(['run', factoryDir, 'NeedsMock', '--mock', `CallFunction=${mockFile}`, '--json']);
      assert.equal(yes.code, 0, yes.stderr);
      const ok = json(yes);
      assertRunShape(ok, 'NeedsMock', 'Succeeded');
      assert.equal(activity(ok, 'UseAnswer').input.value, '42');
    });

    it('without --json: one line per activity transition and a summary table', async () => {
      const r = await adfw(['run', factoryDir, 'Basic']);
      assert.equal(r.code, 0, r.stderr);
      for (const name of ['SetGreeting', 'SetStartedBy', 'SetClock', 'SetId', 'Pause']) assert.ok(r.stdout.split('\n').filter((l) => l.includes(name)).length >= 2, `${name} has progress and summary lines:\n${r.stdout}`);
      assert.match(r.stdout, /Succeeded/);
    });

    it('a run cancelled with Ctrl+C (SIGINT) is recorded as Cancelled and exits 1', async () => {
      const p = spawn(process.execPath, [CLI, 'run', factoryDir, 'Slow'], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve, reject) => {
        const t = setTimeout(() => {
          p.kill('SIGKILL');
          reject(new Error(`no cancellation within 60 s:\n${stdout}\n${stderr}`));
        }, 60_000);
        let sent = false;
        p.stdout.on('data', (d) => {
          stdout += d;
          if (!sent && /LongWait/.test(stdout)) {
            sent = true;
            p.kill('SIGINT');
          }
        });
        p.on('close', (c) => {
          clearTimeout(t);
          resolve(c);
        });
      });
      assert.equal(code, 1, `${stdout}\n${stderr}`);
      assert.match(stdout, /Cancelled/);
    });

    it('exit 2: usage errors and a factory that does not validate (with its diagnostics)', async () => {
      const cases: [string, string[]][] = [
        ['missing pipeline name', ['run', factoryDir]],
        ['unknown flag', ['run', factoryDir, 'Basic', '--bogus']],
        ['malformed --param', ['run', factoryDir, 'Basic', '--param', 'novalue']],
        ['bad --seed', ['run', factoryDir, 'Basic', '--seed', 'abc']],
        ['bad --now', ['run', factoryDir, 'Basic', '--now', 'yesterday']],
        ['missing --params-file', ['run', factoryDir, 'Basic', '--params-file', path.join(work, 'nope.json')]],
        ['missing factory folder', ['run', path.join(work, 'nowhere'), 'Basic', '--json']],
        ['a parameter of the wrong type', ['run', factoryDir, 'Basic', '--param', 'count=abc', '--json']],
        ['an undeclared parameter', ['run', factoryDir, 'Basic', '--param', 'nosuch=1', '--json']],
        ['--until an unknown activity', ['run', factoryDir, 'Basic', '--until', 'NoSuchActivity', '--json']],
      ];
      const results = await Promise.all(cases.map(([, args]) => adfw(args)));
      cases.forEach(([what], i) => assert.equal(results[i].code, 2, `${what}: ${results[i].stderr}`));
      const [bad, badHuman, validated] = await Promise.all([adfw(['run', brokenDir, 'BadRef', '--json']), adfw(['run', brokenDir, 'BadRef']), adfw(['validate', brokenDir, '--json'])]);
      assert.equal(bad.code, 2, bad.stdout + bad.stderr);
      // --json: one {"diagnostics": [...]} object on stdout, entries exactly as validate --json prints them.
      const doc = json(bad);
      assert.deepEqual(keys(doc), ['diagnostics']);
      assert.ok(doc.diagnostics.length > 0);
      const fromValidate = json(validated).diagnostics as any[];
      for (const d of doc.diagnostics) {
        assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'source', 'message']);
        assert.ok(['json', 'schema', 'semantic', 'expression'].includes(d.source), d.source);
        assert.ok(fromValidate.some((v) => JSON.stringify(v) === JSON.stringify(d)), `validate --json reports ${JSON.stringify(d)}`);
      }
      assert.ok(doc.diagnostics.some((d: any) => /BadRef\.json$/.test(d.file) && /NoSuchPipeline/.test(d.message)), 'the diagnostics name the file and the missing pipeline');
      // Human form: validate's compiler-like lines `file:line:col severity code message` on stderr.
      assert.equal(badHuman.code, 2);
      assert.match(badHuman.stderr, /^\S*BadRef\.json:\d+:\d+ error ADF\d{4} .*NoSuchPipeline/m);
    });

    it('an unknown pipeline is not a success', async () => {
      const r = await adfw(['run', factoryDir, 'NoSuchPipeline', '--json']);
      assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}`);
      assert.match(r.stdout + r.stderr, /NoSuchPipeline/);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('#5/#6 adfw run: a Cosmos DB copy on a local Cosmos DB server', { concurrency: 1 }, () => {
    let cosmos: CosmosServerHandle | undefined;
    let sample = '';
    let conn = '';
    const DOCS = 40;

    before(async () => {
      cosmos = await startCosmosServer();
      const client = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, agent: new https.Agent({ rejectUnauthorized: false }), connectionPolicy: { enableEndpointDiscovery: false } });
      const { database } = await client.databases.createIfNotExists({ id: 'retail' });
      const { container: orders } = await database.containers.createIfNotExists({ id: 'orders', partitionKey: { paths: ['/customerId'] } });
      await database.containers.createIfNotExists({ id: 'ordersArchive', partitionKey: { paths: ['/customerId'] } });
      for (let i = 0; i < DOCS; i++) await orders.items.create({ id: `ORD-${1000 + i}`, customerId: `C${i % 7}`, total: i * 1.5, lines: [{ sku: 'SKU-1', qty: (i % 3) + 1 }] });
      client.dispose();
      sample = path.join(work, 'cosmos-copy');
      await fs.cp(path.join(ROOT, 'samples', 'cosmos-copy'), sample, { recursive: true });
      conn = path.join(work, 'cosmos-connections.json');
      await fs.writeFile(conn, JSON.stringify({ CosmosDbRetail: { connectionString: 'AccountEndpoint=${env:ADFW_CONTRACT_COSMOS}/;AccountKey=${env:ADFW_CONTRACT_COSMOS_KEY};Database=retail' } }));
    });

    after(async () => {
      await cosmos?.stop();
    });

    const cosmosEnv = () => ({ ADFW_CONTRACT_COSMOS: cosmos!.endpoint, ADFW_CONTRACT_COSMOS_KEY: cosmos!.key });

    it('insert copies every document (ADF copy output); again fails with 409 and exit 1; upsert succeeds', async () => {
      const first = await adfw(['run', sample, 'CopyOrdersInsert', '--connections', conn, '--json'], { env: cosmosEnv(), timeoutMs: 120_000 });
      assert.equal(first.code, 0, first.stdout.slice(0, 3000) + first.stderr);
      const doc = json(first);
      assertRunShape(doc, 'CopyOrdersInsert', 'Succeeded');
      const copy = doc.activityRuns.find((a: any) => a.activityType === 'Copy');
      assert.ok(copy, 'a Copy activity run');
      const out = copy.output;
      for (const k of ['dataRead', 'dataWritten', 'rowsRead', 'rowsCopied', 'copyDuration', 'throughput', 'errors', 'effectiveIntegrationRuntime', 'usedParallelCopies', 'executionDetails']) assert.ok(k in out, `copy output has ${k}: ${Object.keys(out).join(', ')}`);
      assert.equal(out.rowsRead, DOCS);
      assert.equal(out.rowsCopied, DOCS);
      assert.ok(out.dataRead > 0 && out.dataWritten > 0);
      assert.ok(Array.isArray(out.errors) && out.errors.length === 0);
      assert.ok(Array.isArray(out.executionDetails) && out.executionDetails.length >= 1);
      const det = out.executionDetails[0];
      for (const k of ['source', 'sink', 'status', 'start', 'duration']) assert.ok(k in det, `executionDetails[0].${k}`);
      assert.equal(det.status, 'Succeeded');

      const again = await adfw(['run', sample, 'CopyOrdersInsert', '--connections', conn, '--json'], { env: cosmosEnv(), timeoutMs: 120_000 });
      assert.equal(again.code, 1, again.stderr);
      const failed = json(again);
      assertRunShape(failed, 'CopyOrdersInsert', 'Failed');
      const err = failed.activityRuns.find((a: any) => a.activityType === 'Copy').error;
      assert.match(err.message, /409|already exists/i);
      assert.equal(err.failureType, 'UserError');

      const upsert = await adfw(['run', sample, 'CopyOrdersUpsert', '--connections', conn, '--json'], { env: cosmosEnv(), timeoutMs: 120_000 });
      assert.equal(upsert.code, 0, upsert.stderr);
      const up = json(upsert);
      assertRunShape(up, 'CopyOrdersUpsert', 'Succeeded');
      assert.equal(up.activityRuns.find((a: any) => a.activityType === 'Copy').output.rowsCopied, DOCS);
    });
  });
  // ---------------------------------------------------------------------------------------------------------------
  describe('#9 adfw trigger', { concurrency: 2 }, () => {
    it('times of a schedule trigger: {"fireTimes": [ISO…]}, across the W. Europe DST change', async () => {
      const r = await adfw(['trigger', 'times', factoryDir, 'DailyAtSix', '--from', '2024-03-29T00:00:00Z', '--count', '4', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.deepEqual(keys(doc), ['fireTimes']);
      for (const t of doc.fireTimes) assert.ok(isIso(t), t);
      assert.deepEqual(
        doc.fireTimes.map((t: string) => new Date(t).toISOString()),
        ['2024-03-29T05:00:00.000Z', '2024-03-30T05:00:00.000Z', '2024-03-31T04:00:00.000Z', '2024-04-01T04:00:00.000Z'],
      );
    });

    it('times of a tumbling-window trigger: {"windows": [{"start","end"}]}', async () => {
      const r = await adfw(['trigger', 'times', factoryDir, 'SixHourWindows', '--from', '2024-03-01T01:00:00Z', '--count', '3', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.deepEqual(keys(doc), ['windows']);
      assert.equal(doc.windows.length, 3);
      for (const w of doc.windows) {
        assert.deepEqual(keys(w), ['end', 'start']);
        assert.ok(isIso(w.start) && isIso(w.end));
        assert.equal(Date.parse(w.end) - Date.parse(w.start), 6 * 3600_000, 'six-hour windows');
        assert.equal(Date.parse(w.start) % (6 * 3600_000), 0, 'aligned to the trigger start');
      }
      for (let i = 1; i < doc.windows.length; i++) assert.equal(doc.windows[i].start, doc.windows[i - 1].end, 'contiguous');
      assert.ok(Date.parse(doc.windows[0].end) >= Date.parse('2024-03-01T01:00:00Z'), 'no window that fired before --from');
    });

    it('times: --count limits the list; usage errors exit 2', async () => {
      const r = await adfw(['trigger', 'times', factoryDir, 'DailyAtSix', '--from', '2024-01-10T00:00:00Z', '--count', '1', '--json']);
      assert.deepEqual(json(r), { fireTimes: [json(r).fireTimes[0]] });
      assert.equal(new Date(json(r).fireTimes[0]).toISOString(), '2024-01-10T05:00:00.000Z');
      const usage = await Promise.all([
        adfw(['trigger', 'times', factoryDir, 'DailyAtSix', '--count', 'many', '--json']),
        adfw(['trigger', 'times', factoryDir, 'DailyAtSix', '--from', 'soon', '--json']),
        adfw(['trigger', 'times', factoryDir, 'NoSuchTrigger', '--json']),
        adfw(['trigger', 'times', factoryDir]),
      ]);
      assert.deepEqual(usage.map((u) => u.code), [2, 2, 2, 2], 'bad --count, bad --from, unknown trigger, missing trigger name');
    });

    it('fire --at runs the target with bindings evaluated and TriggerType/TriggerName/TriggerTime set', async () => {
      const r = await adfw(['trigger', 'fire', factoryDir, 'DailyAtSix', '--at', '2024-03-31T04:00:00Z', '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = json(r);
      const runs: any[] = doc.runs ?? [doc];
      assert.equal(runs.length, 1);
      const run = { pipelineRun: runs[0].pipelineRun, activityRuns: runs[0].activityRuns };
      assertRunShape(run, 'Basic', 'Succeeded');
      assert.equal(run.pipelineRun.parameters.name, '2024-03-31', '@trigger().scheduledTime in W. Europe local date');
      assert.equal(run.pipelineRun.invokedBy.invokedByType, 'ScheduleTrigger');
      assert.equal(run.pipelineRun.invokedBy.name, 'DailyAtSix');
      const [type, name, time] = String(activity(run, 'SetStartedBy').input.value).split('|');
      assert.deepEqual([type, name], ['ScheduleTrigger', 'DailyAtSix'], 'pipeline().TriggerType and TriggerName');
      assert.equal(Date.parse(time), Date.parse('2024-03-31T04:00:00Z'), `pipeline().TriggerTime is the --at time: ${time}`);
    });

    it('fire of a tumbling window passes the window start; without --json it still exits 0', async () => {
      const r = await adfw(['trigger', 'fire', factoryDir, 'SixHourWindows', '--at', '2024-03-01T12:00:00Z', '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = json(r);
      const run = (doc.runs ?? [doc])[0];
      assert.equal(new Date(run.pipelineRun.parameters.name).toISOString().slice(0, 13), '2024-03-01T06', 'the window that ends at --at');
      const plain = await adfw(['trigger', 'fire', factoryDir, 'DailyAtSix', '--at', '2024-03-31T04:00:00Z']);
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal((await adfw(['trigger', 'fire', factoryDir, 'NoSuchTrigger'])).code, 2);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#12 adfw test', { concurrency: 2 }, () => {
    it('passing tests: exit 0 with each reporter; junit is JUnit XML', async () => {
      const spec = await adfw(['test', factoryDir]);
      assert.equal(spec.code, 0, spec.stdout + spec.stderr);
      assert.match(spec.stdout, /default parameters/);
      const js = await adfw(['test', factoryDir, '--reporter', 'json']);
      assert.equal(js.code, 0, js.stderr);
      const doc = json(js);
      assert.equal(typeof doc, 'object');
      assert.match(JSON.stringify(doc), /given parameters/);
      const junit = await adfw(['test', factoryDir, '--reporter', 'junit']);
      assert.equal(junit.code, 0, junit.stderr);
      const xml = junit.stdout.trim();
      assert.match(xml, /^(<\?xml[^>]*\?>\s*)?<testsuites\b[^>]*\btests="2"[^>]*\bfailures="0"/);
      assert.equal((xml.match(/<testcase\b/g) ?? []).length, 2);
      assert.doesNotMatch(xml, /<failure\b/);
      assert.match(xml, /<\/testsuites>$/);
    });

    it('a failing test: exit 1, and JUnit reports the failure', async () => {
      const r = await adfw(['test', path.join(work, 'failingTests'), '--reporter', 'junit']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal((r.stdout.match(/<testcase\b/g) ?? []).length, 2);
      assert.equal((r.stdout.match(/<failure\b/g) ?? []).length, 1);
      assert.match(r.stdout, /<testsuites\b[^>]*\btests="2"[^>]*\bfailures="1"/);
      assert.match(r.stdout, /goodbye/);
      const s = await adfw(['test', path.join(work, 'failingTests'), '--reporter', 'spec']);
      assert.equal(s.code, 1);
    });

    it('usage: an unknown reporter exits 2; path defaults to the current folder', async () => {
      assert.equal((await adfw(['test', factoryDir, '--reporter', 'tap'])).code, 2);
      const here = await adfw(['test', '--reporter', 'json'], { cwd: factoryDir });
      assert.equal(here.code, 0, here.stderr);
      assert.match(here.stdout, /default parameters/);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#11 adfw dataflow preview', { concurrency: 2 }, () => {
    it('the first N rows at a transformation, as JSON', async () => {
      const r = await adfw(['dataflow', 'preview', factoryDir, 'Doubles', 'Big', '--rows', '2', '--connections', connectionsFile, '--json'], { env: DATA_ENV(), timeoutMs: 120_000 });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = json(r);
      assert.ok(Array.isArray(doc.rows), 'rows');
      assert.equal(doc.rows.length, 2);
      assert.deepEqual(
        doc.rows.map((x: any) => [Number(x.n), Number(x.doubled)]),
        [
          [3, 6],
          [4, 8],
        ],
      );
      const all = json(await adfw(['dataflow', 'preview', factoryDir, 'Doubles', 'Doubled', '--connections', connectionsFile, '--json'], { env: DATA_ENV(), timeoutMs: 120_000 }));
      assert.deepEqual(all.rows.map((x: any) => Number(x.doubled)), [2, 4, 6, 8, 10]);
    });

    it('an unknown stream or data flow is an error, not an empty preview', async () => {
      const r = await adfw(['dataflow', 'preview', factoryDir, 'Doubles', 'NoStream', '--connections', connectionsFile, '--json'], { env: DATA_ENV(), timeoutMs: 120_000 });
      assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stdout}`);
      const d = await adfw(['dataflow', 'preview', factoryDir, 'NoFlow', 'Big', '--json']);
      assert.ok(d.code === 1 || d.code === 2, `exit ${d.code}`);
      assert.equal((await adfw(['dataflow', 'preview', factoryDir, 'Doubles', 'Big', '--rows', 'x', '--json'])).code, 2);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#8 adfw export-arm', { concurrency: 2 }, () => {
    it('writes ARMTemplateForFactory.json and ARMTemplateParametersForFactory.json like ADF publish', async () => {
      const out = path.join(work, 'arm');
      const r = await adfw(['export-arm', factoryDir, '--out', out]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const template = JSON.parse(await fs.readFile(path.join(out, 'ARMTemplateForFactory.json'), 'utf8'));
      const params = JSON.parse(await fs.readFile(path.join(out, 'ARMTemplateParametersForFactory.json'), 'utf8'));
      assert.match(template.$schema, /deploymentTemplate\.json#$/);
      assert.equal(template.contentVersion, '1.0.0.0');
      assert.equal(template.parameters.factoryName.type, 'string');
      assert.match(params.$schema, /deploymentParameters\.json#$/);
      assert.ok(params.parameters.factoryName, 'the parameters file carries factoryName');
      const byName = new Map<string, any>(template.resources.map((x: any) => [x.name, x]));
      const pipe = byName.get("[concat(parameters('factoryName'), '/NeedsMock')]");
      assert.ok(pipe, `resource names: ${[...byName.keys()].join(', ')}`);
      assert.equal(pipe.type, 'Microsoft.DataFactory/factories/pipelines');
      assert.equal(pipe.apiVersion, '2018-06-01');
      assert.ok(pipe.dependsOn.some((d: string) => d.includes('/linkedServices/Functions')), `pipeline depends on its linked service: ${pipe.dependsOn}`);
      const ds = byName.get("[concat(parameters('factoryName'), '/Numbers')]");
      assert.equal(ds.type, 'Microsoft.DataFactory/factories/datasets');
      assert.ok(ds.dependsOn.some((d: string) => d.includes('/linkedServices/Files')));
      const trig = byName.get("[concat(parameters('factoryName'), '/DailyAtSix')]");
      assert.equal(trig.type, 'Microsoft.DataFactory/factories/triggers');
      assert.ok(trig.dependsOn.some((d: string) => d.includes('/pipelines/Basic')));
      assert.equal(template.resources.length, 14, 'every resource of the factory');
      // ADF's default parameterisation: a linked service's connection string becomes a secure parameter.
      assert.equal(template.parameters.Landing_connectionString.type, 'secureString');
      assert.equal(template.parameters.Landing_connectionString.defaultValue, undefined, 'a secure parameter has no default');
      assert.ok('Landing_connectionString' in params.parameters);
      assert.doesNotMatch(JSON.stringify(template), /AccountName=contractsland/, 'the connection string itself is not in the template');
    });

    it('usage: a missing --out or folder exits 2', async () => {
      assert.equal((await adfw(['export-arm', factoryDir])).code, 2);
      assert.equal((await adfw(['export-arm', path.join(work, 'nowhere'), '--out', path.join(work, 'arm2')])).code, 2);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#8 adfw emulator, publish and remote', { concurrency: 1 }, () => {
    const TOKEN_VAR = 'ADFW_CONTRACT_TOKEN';
    const TOKEN = 'contract-' + Math.random().toString(36).slice(2);
    const SUB = '00000000-0000-4000-8000-00000000c0de';
    const RG = 'rg-contracts';
    const F = 'contractsfactory';
    let emu: ChildProcess | undefined;
    let stateDir = '';
    let port = 0;
    let url = '';
    let firstLine = '';
    let emuOut = '';
    const env = () => ({ [TOKEN_VAR]: TOKEN });
    const common = () => ['--endpoint', url, '--token-env', TOKEN_VAR];
    const target = () => ['--subscription', SUB, '--resource-group', RG, '--factory', F];
    const base = () => `${url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/${F}`;
    const q = '?api-version=2018-06-01';

    before(async () => {
      port = await freePort();
      stateDir = path.join(work, 'emulator-state');
      emu = spawn(process.execPath, [CLI, 'emulator', '--port', String(port), '--token-env', TOKEN_VAR, '--state-dir', stateDir], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      emu.stderr!.on('data', (d) => (err += d));
      firstLine = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the emulator printed no line in 60 s: ${emuOut} ${err}`)), 60_000);
        emu!.stdout!.on('data', (d) => {
          emuOut += d;
          const nl = emuOut.indexOf('\n');
          if (nl >= 0) {
            clearTimeout(t);
            resolve(emuOut.slice(0, nl));
          }
        });
        emu!.once('exit', (c) => reject(new Error(`the emulator exited with ${c}: ${err}`)));
      });
      url = `https://127.0.0.1:${port}`;
    });

    after(async () => {
      if (emu && emu.exitCode === null) {
        const exited = new Promise((r) => emu!.once('exit', r));
        emu.kill('SIGTERM');
        const t = setTimeout(() => emu!.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
    });

    it('prints exactly one line `listening https://127.0.0.1:N` for the requested port', () => {
      assert.equal(firstLine, `listening https://127.0.0.1:${port}`);
    });

    it('requires the bearer token: 401 without it or with another; self-signed HTTPS; 404 for unknown resources', async () => {
      const list = `${url}/subscriptions/${SUB}/providers/Microsoft.DataFactory/factories${q}`;
      const none = await request(list, 'GET', undefined);
      assert.equal(none.status, 401);
      assert.ok(none.selfSigned, 'the certificate is self-signed');
      assert.equal((await request(list, 'GET', 'wrong-' + TOKEN)).status, 401);
      const ok = await request(list, 'GET', TOKEN);
      assert.equal(ok.status, 200);
      assert.ok(Array.isArray(ok.body.value));
      assert.equal((await request(`${url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/nosuchfactory${q}`, 'GET', TOKEN)).status, 404);
    });

    it('publish --dry-run --json changes nothing; publish --json deploys; exit 0', async () => {
      const dry = await adfw(['publish', factoryDir, ...target(), ...common(), '--dry-run', '--json'], { env: env() });
      assert.equal(dry.code, 0, dry.stdout + dry.stderr);
      assert.equal(typeof json(dry), 'object');
      assert.equal((await request(`${base()}/pipelines/Basic${q}`, 'GET', TOKEN)).status, 404, 'a dry run deploys nothing');
      const real = await adfw(['publish', factoryDir, ...target(), ...common(), '--json'], { env: env(), timeoutMs: 120_000 });
      assert.equal(real.code, 0, real.stdout + real.stderr);
      const got = await request(`${base()}/pipelines/Basic${q}`, 'GET', TOKEN);
      assert.equal(got.status, 200);
      assert.equal(got.body.name, 'Basic');
      assert.ok(got.body.properties.activities.length === 5);
      // Every resource arrives whole: the data flow keeps its sources, sinks and script.
      const local = JSON.parse(await fs.readFile(path.join(factoryDir, 'dataflow', 'Doubles.json'), 'utf8'));
      const flow = await request(`${base()}/dataflows/Doubles${q}`, 'GET', TOKEN);
      assert.equal(flow.status, 200);
      assert.deepEqual(flow.body.properties.typeProperties, local.properties.typeProperties, 'the published data flow equals the local one');
      const again = await adfw(['publish', factoryDir, ...target(), ...common(), '--dry-run', '--json'], { env: env() });
      assert.equal(again.code, 0, again.stderr);
      const plan = json(again);
      if (plan.summary) assert.deepEqual([plan.summary.create, plan.summary.update, plan.summary.delete], [0, 0, 0], 'a second publish plans no changes');
    });

    it('publish usage errors exit 2', async () => {
      assert.equal((await adfw(['publish', factoryDir, ...common()], { env: env() })).code, 2, 'missing --subscription/--resource-group/--factory');
      assert.equal((await adfw(['publish', ...target(), ...common()], { env: env() })).code, 2, 'missing factory folder');
    });

    it('remote list --subscription S --endpoint URL --json prints the factories with their resources', async () => {
      const r = await adfw(['remote', 'list', '--subscription', SUB, ...common(), '--json'], { env: env() });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = json(r);
      const factories: any[] = doc.factories ?? doc.subscriptions?.flatMap((s: any) => s.factories) ?? doc;
      const f = factories.find((x: any) => x.name === F);
      assert.ok(f, r.stdout);
      const text = JSON.stringify(f);
      for (const name of ['Basic', 'Fails', 'NeedsMock', 'Numbers', 'Files', 'Doubles', 'DailyAtSix']) assert.ok(text.includes(`"${name}"`), `${name} listed: ${text}`);
    });

    it('remote run --wait --json: REST shape; exit 0 Succeeded, 1 Failed', async () => {
      const ok = await adfw(['remote', 'run', ...target(), '--pipeline', 'Basic', '--param', 'name=remote', '--param', 'count=1', ...common(), '--wait', '--json'], { env: env(), timeoutMs: 120_000 });
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      const doc = json(ok);
      assertRunShape(doc, 'Basic', 'Succeeded');
      assert.equal(activity(doc, 'SetGreeting').input.value, 'hello remote x2');
      const bad = await adfw(['remote', 'run', ...target(), '--pipeline', 'Fails', ...common(), '--wait', '--json'], { env: env(), timeoutMs: 120_000 });
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      const failed = json(bad);
      assertRunShape(failed, 'Fails', 'Failed');
      assert.equal(activity(failed, 'Stop').error.errorCode, 'E4242');
    });

    it('remote run: usage errors exit 2; an unknown pipeline is not a success', async () => {
      assert.equal((await adfw(['remote', 'run', ...target(), ...common(), '--wait', '--json'], { env: env() })).code, 2, 'missing --pipeline');
      assert.equal((await adfw(['remote', 'run', ...target(), '--pipeline', 'Basic', '--param', 'count=notanint', ...common(), '--wait', '--json'], { env: env() })).code, 2, 'a parameter of the wrong type');
      const missing = await adfw(['remote', 'run', ...target(), '--pipeline', 'NoSuchPipeline', ...common(), '--wait', '--json'], { env: env() });
      assert.ok(missing.code === 1 || missing.code === 2, `exit ${missing.code}`);
      const noToken = await adfw(['remote', 'list', '--subscription', SUB, '--endpoint', url, '--token-env', 'ADFW_CONTRACT_UNSET_TOKEN', '--json']);
      assert.notEqual(noToken.code, 0, 'a missing token is not a success');
      const wrong = await adfw(['remote', 'list', '--subscription', SUB, ...common(), '--json'], { env: { [TOKEN_VAR]: 'wrong-' + TOKEN }, timeoutMs: 60_000 });
      assert.equal(wrong.code, 1, 'a rejected token is a remote error');
      assert.match(wrong.stderr, /401/, 'the message says the token was rejected');
    });

    it('emulator REST: get/list/createOrUpdate/delete, trigger start/stop, createRun, runs get/query/cancel, activity runs', async () => {
      const list = await request(`${base()}/pipelines${q}`, 'GET', TOKEN);
      assert.equal(list.status, 200);
      assert.ok(list.body.value.some((p: any) => p.name === 'Slow'));
      for (const kind of ['datasets', 'linkedservices', 'dataflows', 'triggers']) {
        const l = await request(`${base()}/${kind}${q}`, 'GET', TOKEN);
        assert.equal(l.status, 200, kind);
        assert.ok(l.body.value.length >= 1, kind);
      }
      assert.equal((await request(`${base()}/datasets/NoSuchDataset${q}`, 'GET', TOKEN)).status, 404);

      const put = await request(`${base()}/pipelines/Temp${q}`, 'PUT', TOKEN, { properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] } });
      assert.equal(put.status, 200);
      assert.equal(put.body.name, 'Temp');
      const del = await request(`${base()}/pipelines/Temp${q}`, 'DELETE', TOKEN);
      assert.ok(del.status === 200 || del.status === 204, `delete ${del.status}`);
      assert.equal((await request(`${base()}/pipelines/Temp${q}`, 'GET', TOKEN)).status, 404);

      const bodies: Record<string, unknown> = {
        datasets: { properties: { type: 'Json', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', fileName: 'x.json' } } } },
        linkedservices: { properties: { type: 'FileServer', typeProperties: { host: 'C:\\tmp' } } },
        dataflows: { properties: { type: 'MappingDataFlow', typeProperties: { sources: [], sinks: [], transformations: [], scriptLines: [] } } },
        triggers: { properties: { type: 'ScheduleTrigger', pipelines: [], typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00Z' } } } },
      };
      for (const [kind, body] of Object.entries(bodies)) {
        const one = `${base()}/${kind}/Tmp${kind}${q}`;
        const created = await request(one, 'PUT', TOKEN, body);
        assert.equal(created.status, 200, `${kind} createOrUpdate: ${JSON.stringify(created.body)}`);
        assert.equal(created.body.name, `Tmp${kind}`);
        assert.equal((await request(one, 'GET', TOKEN)).status, 200, `${kind} get`);
        const gone = await request(one, 'DELETE', TOKEN);
        assert.ok(gone.status === 200 || gone.status === 204, `${kind} delete ${gone.status}`);
        assert.equal((await request(one, 'GET', TOKEN)).status, 404, `${kind} deleted`);
      }
      const tmpFactory = `${url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/tmp-contracts${q}`;
      const fput = await request(tmpFactory, 'PUT', TOKEN, { location: 'westeurope' });
      assert.equal(fput.status, 200, JSON.stringify(fput.body));
      assert.equal((await request(tmpFactory, 'GET', TOKEN)).body.name, 'tmp-contracts');
      assert.ok((await request(`${url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories${q}`, 'GET', TOKEN)).body.value.some((f: any) => f.name === 'tmp-contracts'), 'factories list by resource group');
      const fdel = await request(tmpFactory, 'DELETE', TOKEN);
      assert.ok(fdel.status === 200 || fdel.status === 204, `factory delete ${fdel.status}`);
      assert.equal((await request(tmpFactory, 'GET', TOKEN)).status, 404);

      assert.equal((await request(`${base()}/triggers/DailyAtSix/stop${q}`, 'POST', TOKEN)).status, 200);
      assert.equal((await request(`${base()}/triggers/DailyAtSix${q}`, 'GET', TOKEN)).body.properties.runtimeState, 'Stopped');
      assert.equal((await request(`${base()}/triggers/DailyAtSix/start${q}`, 'POST', TOKEN)).status, 200);
      assert.equal((await request(`${base()}/triggers/DailyAtSix${q}`, 'GET', TOKEN)).body.properties.runtimeState, 'Started');

      const created = await request(`${base()}/pipelines/Slow/createRun${q}`, 'POST', TOKEN, {});
      assert.equal(created.status, 200);
      const runId = created.body.runId;
      assert.equal(typeof runId, 'string');
      const got = await request(`${base()}/pipelineruns/${runId}${q}`, 'GET', TOKEN);
      assert.equal(got.status, 200);
      assert.equal(got.body.runId, runId);
      assert.equal(got.body.pipelineName, 'Slow');
      assert.equal((await request(`${base()}/pipelineruns/${runId}/cancel${q}`, 'POST', TOKEN)).status, 200);
      let status = '';
      for (let i = 0; i < 50 && status !== 'Cancelled'; i++) {
        status = (await request(`${base()}/pipelineruns/${runId}${q}`, 'GET', TOKEN)).body.status;
        if (status !== 'Cancelled') await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(status, 'Cancelled');
      const window = { lastUpdatedAfter: new Date(Date.now() - 3600_000).toISOString(), lastUpdatedBefore: new Date(Date.now() + 3600_000).toISOString() };
      const runs = await request(`${base()}/queryPipelineRuns${q}`, 'POST', TOKEN, window);
      assert.equal(runs.status, 200);
      assert.ok(runs.body.value.some((r: any) => r.runId === runId));
      const acts = await request(`${base()}/pipelineruns/${runId}/queryActivityruns${q}`, 'POST', TOKEN, window);
      assert.equal(acts.status, 200);
      assert.ok(Array.isArray(acts.body.value));
      assert.ok(acts.body.value.every((a: any) => a.pipelineRunId === runId));
    });

    it('publish --delete-orphans removes remote-only resources; without it they are kept', async () => {
      const orphan = `${base()}/pipelines/Orphan${q}`;
      assert.equal((await request(orphan, 'PUT', TOKEN, { properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] } })).status, 200);
      const keep = await adfw(['publish', factoryDir, ...target(), ...common(), '--json'], { env: env(), timeoutMs: 120_000 });
      assert.equal(keep.code, 0, keep.stdout + keep.stderr);
      assert.match(keep.stdout, /Orphan/, 'the plan names the remote-only pipeline');
      assert.equal((await request(orphan, 'GET', TOKEN)).status, 200, 'kept without --delete-orphans');
      const dry = await adfw(['publish', factoryDir, ...target(), ...common(), '--delete-orphans', '--dry-run', '--json'], { env: env() });
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal((await request(orphan, 'GET', TOKEN)).status, 200, 'a dry run deletes nothing');
      const del = await adfw(['publish', factoryDir, ...target(), ...common(), '--delete-orphans', '--json'], { env: env(), timeoutMs: 120_000 });
      assert.equal(del.code, 0, del.stdout + del.stderr);
      assert.equal((await request(orphan, 'GET', TOKEN)).status, 404, 'deleted with --delete-orphans');
      assert.equal((await request(`${base()}/pipelines/Basic${q}`, 'GET', TOKEN)).status, 200, 'local resources stay');
    });

    it('emulator usage errors exit 2: no --port, no --token-env, an unset token variable', async () => {
      const [noPort, noEnv, unset] = await Promise.all([
        adfw(['emulator', '--token-env', TOKEN_VAR], { env: env(), timeoutMs: 20_000 }),
        adfw(['emulator', '--port', '0'], { timeoutMs: 20_000 }),
        adfw(['emulator', '--port', '0', '--token-env', 'ADFW_CONTRACT_UNSET_TOKEN'], { timeoutMs: 20_000 }),
      ]);
      assert.deepEqual([noPort.code, noEnv.code, unset.code], [2, 2, 2], `${noPort.stderr}\n${noEnv.stderr}\n${unset.stderr}`);
      assert.equal(noPort.stdout + noEnv.stdout + unset.stdout, '', 'no listening line');
    });

    it('the emulator printed nothing after its listening line', () => {
      assert.equal(emuOut, `listening https://127.0.0.1:${port}\n`);
    });

    it('--state-dir: a restarted emulator serves what was published before', async () => {
      const first = emu!;
      const exited = new Promise<number | null>((r) => first.once('exit', (c) => r(c)));
      first.kill('SIGTERM');
      assert.equal(await exited, 0, 'SIGTERM stops the emulator cleanly');
      const port2 = await freePort();
      const second = spawn(process.execPath, [CLI, 'emulator', '--port', String(port2), '--token-env', TOKEN_VAR, '--state-dir', stateDir], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
      emu = second;
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 60_000);
        second.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('\n')) {
            clearTimeout(t);
            resolve();
          }
        });
        second.once('exit', (c) => reject(new Error(`exited ${c}`)));
      });
      assert.equal(out, `listening https://127.0.0.1:${port2}\n`);
      url = `https://127.0.0.1:${port2}`;
      const got = await request(`${base()}/pipelines/Basic${q}`, 'GET', TOKEN);
      assert.equal(got.status, 200);
      assert.equal(got.body.properties.activities.length, 5);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('#6 adfw demo', { concurrency: 1 }, () => {
    it('as `npm run demo` runs it: 20,000 documents, insert, 409 on re-insert, skip-and-log, upsert, summary and HTML report, exit 0', async () => {
      const out = path.join(work, 'demo');
      const r = await adfw(['demo', '--out', out], { timeoutMs: 170_000 });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /409/);
      assert.match(r.stdout, /already exists/i);
      const table = r.stdout.slice(r.stdout.lastIndexOf('Summary'));
      assert.match(table, /rowsRead/);
      assert.match(table, /docs\/s|throughput/i);
      const rows = table.split('\n').filter((l) => /^\s*\d\s/.test(l));
      assert.equal(rows.length, 4, table);
      assert.match(rows[0], /CopyOrdersInsert\s+Succeeded\s+20000\s+20000/);
      assert.match(rows[1], /CopyOrdersInsert\s+Failed/);
      assert.match(rows[2], /CopyOrdersSkipExisting\s+Succeeded\s+20000\s+0\s+20000/);
      assert.match(rows[3], /CopyOrdersUpsert\s+Succeeded\s+20000\s+20000/);
      const html = (await fs.readdir(out)).find((f) => f.endsWith('.html'));
      assert.ok(html, 'an HTML report');
      const text = await fs.readFile(path.join(out, html!), 'utf8');
      assert.match(text, /^<!doctype html>/i);
      assert.match(text, /CopyOrdersUpsert/);
    });
  });
});
