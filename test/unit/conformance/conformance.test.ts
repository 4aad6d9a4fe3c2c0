/**
 * The conformance set (test/fixtures/conformance/, format in its README.md): examples from ADF's documentation
 * pages and REST API reference, each run against the local engine as its own test named after its source.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadFactory, type Factory } from '../../../src/engine/model';
import { runPipeline, toRestActivityRun, toRestPipelineRun, type RunEvent, type RunResult } from '../../../src/engine/run';
import { blobTriggerBody, fireTrigger, type BlobEvent } from '../../../src/engine/triggers';
import { listenOnLoopback } from '../run/helpers';

type Json = Record<string, any>;
const DIR = path.join(__dirname, '..', '..', 'fixtures', 'conformance');
const load = (name: string): Json => JSON.parse(readFileSync(path.join(DIR, name), 'utf8'));

// ---------------------------------------------------------------------------------------------------------------
// Matching (README: exact values, "<kind>" and "~regex" matchers, {{var}} templates, "$exact" objects)

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS: Record<string, (v: unknown) => boolean> = {
  '<any>': () => true,
  '<string>': (v) => typeof v === 'string',
  '<int>': (v) => typeof v === 'number' && Number.isInteger(v),
  '<number>': (v) => typeof v === 'number' && Number.isFinite(v),
  '<bool>': (v) => typeof v === 'boolean',
  '<object>': (v) => !!v && typeof v === 'object' && !Array.isArray(v),
  '<array>': (v) => Array.isArray(v),
  '<guid>': (v) => typeof v === 'string' && GUID.test(v),
  '<iso>': (v) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v)),
};

function fill(s: string, vars: Record<string, string>): string {
  return s.replace(/\{\{(\w+)\}\}/g, (m, k: string) => {
    assert.ok(k in vars, `unknown template variable ${m}`);
    return vars[k];
  });
}

function mismatches(actual: unknown, expected: unknown, vars: Record<string, string>, at = '$'): string[] {
  if (typeof expected === 'string') {
    if (KINDS[expected]) return KINDS[expected](actual) ? [] : [`${at}: expected ${expected}, got ${JSON.stringify(actual)}`];
    if (expected.startsWith('~')) return typeof actual === 'string' && new RegExp(expected.slice(1)).test(actual) ? [] : [`${at}: expected a string matching /${expected.slice(1)}/, got ${JSON.stringify(actual)}`];
    const want = fill(expected, vars);
    return actual === want ? [] : [`${at}: expected ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} elements, got ${actual.length}: ${JSON.stringify(actual).slice(0, 300)}`];
    return expected.flatMap((e, i) => mismatches(actual[i], e, vars, `${at}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    const { $exact, ...keys } = expected as Json;
    const out: string[] = [];
    for (const [k, v] of Object.entries(keys)) {
      if (!(k in (actual as Json))) out.push(`${at}.${k}: missing`);
      else out.push(...mismatches((actual as Json)[k], v, vars, `${at}.${k}`));
    }
    if ($exact) for (const k of Object.keys(actual as Json)) if (!(k in keys)) out.push(`${at}.${k}: not expected (the object is exact)`);
    return out;
  }
  return Object.is(actual, expected) ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function assertMatches(actual: unknown, expected: unknown, vars: Record<string, string>, what: string): void {
  const problems = mismatches(actual, expected, vars);
  assert.deepEqual(problems, [], `${what}:\n${problems.join('\n')}\nactual: ${JSON.stringify(actual, null, 1)?.slice(0, 3000)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// A factory on local files and a loopback web server

const roots: string[] = [];
let server: http.Server;
let web = '';
const routes: Record<string, { status: number; json?: unknown; text?: string; endpoint?: 'execute' }> = {};

/** The Web activity page's example endpoint: reads the table name of the first dataset and the server of the first linked service's connection string. */
function executeEndpoint(payload: Json): Json {
  const conn = String(payload.linkedServices?.[0]?.properties?.typeProperties?.connectionString ?? '');
  const server = /(?:^|;)\s*(?:Server|Data Source)\s*=\s*([^;]+)/i.exec(conn)?.[1];
  return { status: 'complete', sinktable: String(payload.datasets?.[0]?.properties?.typeProperties?.tableName), sinkServer: server };
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = routes[req.url ?? ''];
      if (!r) return void res.writeHead(404).end();
      if (r.endpoint === 'execute') return void res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(executeEndpoint(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'))));
      if (r.json !== undefined) res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.json));
      else res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.text ?? '');
    });
  });
  web = await listenOnLoopback(server);
});
after(() => {
  server.closeAllConnections();
  server.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const dsRef = (name: string) => ({ referenceName: name, type: 'DatasetReference' });
const FILES_LS = { referenceName: 'Files', type: 'LinkedServiceReference' };
const csv = (location: Json) => ({ type: 'DelimitedText', linkedServiceName: FILES_LS, typeProperties: { location: { type: 'FileServerLocation', ...location }, columnDelimiter: ',', firstRowAsHeader: true } });

/** Writes a factory (resources by "kind/name" → properties) with data files beside it, and loads it. */
async function makeFactory(resources: Record<string, Json>, files: Record<string, string> = {}): Promise<Factory> {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-conformance-'));
  roots.push(root);
  const data = path.join(root, 'data');
  mkdirSync(data);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(data, rel)), { recursive: true });
    writeFileSync(path.join(data, rel), text);
  }
  const all: Record<string, Json> = {
    'linkedService/Files': { type: 'FileServer', typeProperties: { host: data, userId: 'u' } },
    'dataset/Tables': csv({ folderPath: 'tables', fileName: 'tables.csv' }),
    'dataset/TablesFolder': csv({ folderPath: 'tables' }),
    'dataset/OutFolder': csv({ folderPath: 'out' }),
    'dataset/TestFile': csv({ folderPath: 'testFolder', fileName: 'test.csv' }),
    'dataset/TestFolder': { type: 'Binary', linkedServiceName: FILES_LS, typeProperties: { location: { type: 'FileServerLocation', folderPath: 'testFolder' } } },
    'dataset/MissingFile': csv({ folderPath: 'testFolder', fileName: 'missing.csv' }),
    'dataset/SourceTableSet': { type: 'Json', linkedServiceName: FILES_LS, typeProperties: { location: { type: 'FileServerLocation', folderPath: 'lookup', fileName: 'sourcetable-set.json' } } },
    'dataset/SourceTableArray': { type: 'Json', linkedServiceName: FILES_LS, typeProperties: { location: { type: 'FileServerLocation', folderPath: 'lookup', fileName: 'sourcetable-array.json' } } },
    ...resources,
  };
  for (const [key, properties] of Object.entries(all)) {
    const [kind, name] = key.split('/');
    mkdirSync(path.join(root, kind), { recursive: true });
    writeFileSync(path.join(root, kind, `${name}.json`), JSON.stringify({ name, properties }, null, 2));
  }
  return loadFactory(root);
}

function paramType(v: unknown): string {
  return Array.isArray(v) ? 'Array' : typeof v === 'string' ? 'String' : typeof v === 'number' ? (Number.isInteger(v) ? 'Int' : 'Float') : typeof v === 'boolean' ? 'Bool' : 'Object';
}

// ---------------------------------------------------------------------------------------------------------------

const counts: Record<string, number> = {};
function named(file: Json, c: Json): string {
  const src = file.sources[c.source];
  assert.ok(src, `case "${c.example}" names an unknown source "${c.source}"`);
  assert.ok(src.title && /^https:\/\//.test(src.url), `source ${c.source} needs a title and an address`);
  counts[c.source] = (counts[c.source] ?? 0) + 1;
  return `${src.title} — ${c.example}`;
}

describe('conformance: system variables', () => {
  const file = load('system-variables.json');
  const RETURN = [{ key: 'v', value: { type: 'Expression', content: "@variables('out')" } }];
  const echo = (capture: string, withParam: boolean) => ({
    parameters: withParam ? { v: { type: 'String', defaultValue: '' } } : {},
    variables: { out: { type: 'Array' } },
    activities: [
      { name: 'Capture', type: 'SetVariable', typeProperties: { variableName: 'out', value: { value: `@createArray(${capture.replace(/^@/, '')})`, type: 'Expression' } } },
      { name: 'Return', type: 'SetVariable', dependsOn: [{ activity: 'Capture', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'pipelineReturnValue', setSystemVariable: true, value: RETURN } },
    ],
  });
  const captured = (r: RunResult) => {
    assert.equal(r.pipelineRun.status, 'Succeeded', JSON.stringify(r.activityRuns.map((a) => [a.activityName, a.error])));
    return ((r.activityRuns.find((a) => a.activityName === 'Capture')!.output as Json).value as unknown[])[0];
  };

  for (const c of file.cases as Json[]) {
    test(named(file, c), async () => {
      if (c.scope === 'manual') {
        const factory = await makeFactory({ 'pipeline/Echo': echo(c.expression, false) });
        const r = await runPipeline({ factory, pipelineName: 'Echo', now: file.now, seed: 7 });
        assertMatches(captured(r), c.expect, { runId: r.pipelineRun.runId, factory: factory.name, triggerId: r.pipelineRun.invokedBy.id }, c.expression);
        return;
      }
      if (c.scope === 'child') {
        const factory = await makeFactory({
          'pipeline/Echo': echo(c.expression, false),
          'pipeline/Parent': { activities: [{ name: 'RunEcho', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Echo', type: 'PipelineReference' }, waitOnCompletion: true } }] },
        });
        const r = await runPipeline({ factory, pipelineName: 'Parent', now: file.now });
        assert.equal(r.pipelineRun.status, 'Succeeded', JSON.stringify(r.activityRuns.map((a) => a.error)));
        const out = r.activityRuns.find((a) => a.activityName === 'RunEcho')!.output as Json;
        assertMatches(out.pipelineReturnValue.v[0], c.expect, { parentRunId: r.pipelineRun.runId, runId: out.pipelineRunId }, c.expression);
        return;
      }
      const trig = file.triggers[c.scope];
      assert.ok(trig, `unknown scope ${c.scope}`);
      const inPipeline = c.in === 'pipeline';
      const binding = { pipelineReference: { referenceName: 'Echo', type: 'PipelineReference' }, parameters: { v: inPipeline ? 'unused' : c.expression } };
      const properties = { type: trig.type, typeProperties: trig.typeProperties, ...(trig.type === 'TumblingWindowTrigger' ? { pipeline: binding } : { pipelines: [binding] }) };
      const factory = await makeFactory({ 'pipeline/Echo': echo(inPipeline ? c.expression : '@pipeline().parameters.v', true), [`trigger/${c.scope}`]: properties });
      const triggerBody = trig.fire.blobEvent ? blobTriggerBody(trig.fire.blobEvent as BlobEvent) : trig.fire.triggerBody;
      const fired = await fireTrigger(factory, c.scope, { at: trig.fire.at, triggerBody, runOptions: { now: file.now } });
      assert.equal(fired.length, 1);
      assert.equal(fired[0].error, undefined, JSON.stringify(fired[0].error));
      assertMatches(captured(fired[0].result!), c.expect, { runId: fired[0].result!.pipelineRun.runId, factory: factory.name }, c.expression);
    });
  }
});

describe('conformance: activity outputs', () => {
  const file = load('activity-outputs.json');
  for (const [p, r] of Object.entries(file.web as typeof routes)) routes[p] = r;
  const returns = {
    activities: [
      {
        name: 'SetReturn',
        type: 'SetVariable',
        typeProperties: {
          variableName: 'pipelineReturnValue',
          setSystemVariable: true,
          value: [
            { key: 'str', value: { type: 'String', content: 'ADF is awesome' } },
            { key: 'expr', value: { type: 'Expression', content: 'The value is @{guid()}' } },
            { key: 'arr', value: { type: 'Array', content: [{ type: 'String', content: 'a' }, { type: 'String', content: 'b' }] } },
            { key: 'flag', value: { type: 'Boolean', content: true } },
            { key: 'nothing', value: { type: 'Null', content: null } },
            { key: 'answer', value: { type: 'Int', content: 42 } },
            { key: 'e', value: { type: 'Float', content: 2.71828 } },
            { key: 'obj', value: { type: 'Object', content: [{ key: 'myKey1', value: { type: 'String', content: 'hello world' } }, { key: 'myKey2', value: { type: 'String', content: 'hi' } }] } },
          ],
        },
      },
    ],
  };
  for (const c of file.cases as Json[]) {
    test(named(file, c), async () => {
      const params = Object.fromEntries(Object.entries((c.parameters ?? {}) as Json).map(([k, v]) => [k, { type: paramType(v), defaultValue: v }]));
      const activities = c.activities ? JSON.parse(fill(JSON.stringify(c.activities), { web })) : [];
      const declared = JSON.parse(fill(JSON.stringify(params), { web }));
      const factory = await makeFactory(
        {
          ...(c.resources ?? {}),
          'pipeline/P': { parameters: declared, variables: { s: { type: 'String' }, test: { type: 'String' }, list: { type: 'Array' }, ...(c.pipelineVariables ?? {}) }, activities },
          'pipeline/Child': { activities: [{ name: 'Pause', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
          'pipeline/Returns': returns,
        },
        file.files,
      );
      const started: RunEvent[] = [];
      const r = await runPipeline({ factory, pipelineName: c.pipeline ?? 'P', onEvent: (e) => started.push(e) });
      const child = started.find((e): e is Extract<RunEvent, { type: 'runStarted' }> => e.type === 'runStarted' && e.run.pipelineName === 'Child');
      const vars = { runId: r.pipelineRun.runId, factory: factory.name, childRunId: child?.run.runId ?? '(no child run)' };
      for (const [name, want] of Object.entries(c.expect as Record<string, Json>)) {
        const runs = r.activityRuns.filter((a) => a.activityName === name);
        if (want.runs !== undefined) assert.equal(runs.length, want.runs, `${name}: ${runs.length} runs`);
        if (want.status === undefined && want.output === undefined && want.error === undefined && want.input === undefined) continue;
        const last = runs[runs.length - 1];
        assert.ok(last, `${name} did not run; runs: ${JSON.stringify(r.activityRuns.map((a) => [a.activityName, a.status, a.error?.message]))}`);
        if (want.status) assert.equal(last.status, want.status, `${name}: ${JSON.stringify(last.error)}`);
        if (want.output !== undefined) assertMatches(last.output, want.output, vars, `${name} output`);
        if (want.error !== undefined) assertMatches(last.error, want.error, vars, `${name} error`);
        if (want.input !== undefined) assertMatches(last.input, want.input, vars, `${name} input`);
      }
    });
  }
});

describe('conformance: REST API run records', () => {
  const file = load('rest-runs.json');
  let result: RunResult | undefined;
  const run = async (): Promise<RunResult> => {
    if (result) return result;
    const factory = await makeFactory({ 'pipeline/Example': file.pipeline }, file.files);
    result = await runPipeline({ factory, pipelineName: 'Example' });
    assert.equal(result.pipelineRun.status, 'Succeeded', JSON.stringify(result.activityRuns.map((a) => a.error)));
    return result;
  };
  for (const c of file.cases as Json[]) {
    test(named(file, c), async () => {
      const r = await run();
      const vars = { runId: r.pipelineRun.runId };
      if (c.record === 'pipelineRun') assertMatches(JSON.parse(JSON.stringify(toRestPipelineRun(r.pipelineRun))), c.expect, vars, 'pipeline run');
      else {
        const a = r.activityRuns.find((x) => x.activityName === c.activity);
        assert.ok(a, `no activity run ${c.activity}`);
        assertMatches(JSON.parse(JSON.stringify(toRestActivityRun(a))), c.expect, vars, `activity run ${c.activity}`);
      }
    });
  }
});

test('conformance: every data file is run and every source is used', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, ['activity-outputs.json', 'rest-runs.json', 'system-variables.json']);
  for (const f of files) for (const s of Object.keys(load(f).sources)) assert.ok(counts[s] > 0, `${f}: source ${s} has no case`);
});
