/**
 * The pipeline debug adapter (debug type `adf`) driven over stdio by a DAP client (@vscode/debugadapter-testsupport):
 * `node dist/debugAdapter.js` when it is built and current, else the same entry from source through tsx. Fixture factory:
 * test/fixtures/debug (Main: two concurrent branches, a sequential 50-item ForEach, ExecutePipeline of Child).
 */
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const repo = path.join(__dirname, '..', '..', '..');
const factory = path.join(repo, 'test', 'fixtures', 'debug');
const mainFile = path.join(factory, 'pipeline', 'Main.json');
const childFile = path.join(factory, 'pipeline', 'Child.json');
const built = path.join(repo, 'dist', 'debugAdapter.js');
const mainLines = fs.readFileSync(mainFile, 'utf8').split('\n');
/** The 1-based line of the `"name": "<activity>"` property of an activity in Main.json. */
const nameLine = (activity: string) => mainLines.findIndex((l) => l.includes(`"name": "${activity}"`)) + 1;

/** The built adapter when it is newer than the engine and adapter sources (`npm test` builds first), else the source. */
const newest = (dir: string): number => Math.max(...fs.readdirSync(dir, { recursive: true }).map((f) => fs.statSync(path.join(dir, String(f))).mtimeMs));
const useBuilt = fs.existsSync(built) && fs.statSync(built).mtimeMs > Math.max(newest(path.join(repo, 'src', 'engine', 'run')), newest(path.join(repo, 'src', 'vscode', 'debug')));
let dc: DebugClient | undefined;
let storeDir: string;

async function client(): Promise<DebugClient> {
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adfw-debug-'));
  const c = useBuilt
    ? new DebugClient('node', built, 'adf', { env: { ...process.env, NODE_OPTIONS: '' } })
    : new DebugClient('node', path.join(repo, 'src', 'vscode', 'debug', 'main.ts'), 'adf', { env: { ...process.env, NODE_OPTIONS: '--import tsx' } });
  c.defaultTimeout = 20_000;
  await c.start();
  dc = c;
  return c;
}

afterEach(async () => {
  await dc?.stop().catch(() => undefined);
  dc = undefined;
  fs.rmSync(storeDir, { recursive: true, force: true });
});

const launchArgs = (extra: Record<string, unknown> = {}) => ({ pipeline: mainFile, now: '2024-01-01T00:00:00Z', seed: 7, runStore: storeDir, ...extra });

/** initialize, launch, breakpoints, configurationDone; resolves when the launch has been answered. */
async function launch(c: DebugClient, bps: DebugProtocol.SourceBreakpoint[], extra: Record<string, unknown> = {}, file = mainFile): Promise<DebugProtocol.SetBreakpointsResponse> {
  let bpResponse!: DebugProtocol.SetBreakpointsResponse;
  await Promise.all([
    c.configurationSequence().catch(() => undefined),
    c.waitForEvent('initialized').then(async () => {
      bpResponse = await c.setBreakpointsRequest({ source: { path: file }, breakpoints: bps });
      await c.configurationDoneRequest();
    }),
    c.launch(launchArgs(extra)),
  ]);
  return bpResponse;
}

async function stopped(c: DebugClient): Promise<{ threadId: number; reason: string; frames: DebugProtocol.StackFrame[]; thread: string }> {
  const ev = (await c.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
  const threadId = ev.body.threadId!;
  const st = await c.stackTraceRequest({ threadId });
  const threads = await c.threadsRequest();
  return { threadId, reason: ev.body.reason, frames: st.body.stackFrames, thread: threads.body.threads.find((t) => t.id === threadId)?.name ?? '' };
}

async function evaluate(c: DebugClient, frameId: number, expression: string): Promise<string> {
  return (await c.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
}

test('breakpoints are verified at the first line of the activity that holds them; lines outside activities are not', async () => {
  const c = await client();
  const inside = nameLine('After A') + 3;
  const r = await launch(c, [{ line: inside }, { line: 2 }]);
  assert.equal(r.body.breakpoints[0].verified, true);
  assert.equal(r.body.breakpoints[0].line, nameLine('After A') - 1);
  assert.equal(r.body.breakpoints[1].verified, false);
  assert.match(r.body.breakpoints[1].message ?? '', /not inside an activity/);
  const s = await stopped(c);
  assert.equal(s.reason, 'breakpoint');
  assert.equal(s.frames[0].line, nameLine('After A') - 1);
  assert.equal(s.frames[0].source?.path, mainFile);
  await c.continueRequest({ threadId: s.threadId });
  await c.waitForEvent('terminated');
});

test('concurrent branches stop in order, each on its own thread; the run then succeeds', async () => {
  const c = await client();
  await launch(c, [{ line: nameLine('After A') }, { line: nameLine('After B') }, { line: nameLine('Finish') }]);
  const order: string[] = [];
  let s = await stopped(c);
  for (let i = 0; i < 3; i++) {
    order.push(s.frames[0].name);
    assert.match(s.thread, / › /);
    if (i < 2) [, s] = await Promise.all([c.continueRequest({ threadId: s.threadId }), stopped(c)]);
    else await c.continueRequest({ threadId: s.threadId });
  }
  assert.deepEqual(order, ['After A (Main)', 'After B (Main)', 'Finish (Main)']);
  await c.waitForEvent('terminated');
  const runs = fs.readdirSync(storeDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  assert.ok(runs.length >= 2, `run records in the store: ${runs.join(', ')}`);
});

test('conditional and hit-count breakpoints in a 50-item ForEach; evaluate and the Variables view in scope', async () => {
  const c = await client();
  const line = nameLine('Remember');
  await launch(c, [{ line, condition: "@greater(item(), 45)", hitCondition: '2' }]);
  const s = await stopped(c);
  assert.equal(s.thread, 'Loop #47 (item: 47) › Remember');
  const frameId = s.frames[0].id;
  assert.equal(await evaluate(c, frameId, '@item()'), '47');
  assert.equal(await evaluate(c, frameId, "length(variables('seen'))"), '46');
  assert.equal(await evaluate(c, frameId, "@pipeline().parameters.region"), '"EU"');
  const bad = await c.evaluateRequest({ expression: '@nosuchfunction()', frameId, context: 'repl' }).then(() => undefined, (e: Error) => e.message);
  assert.ok(bad, 'an unknown function is an error');
  const scopes = (await c.scopesRequest({ frameId })).body.scopes;
  assert.deepEqual(scopes.map((x) => x.name), ['Parameters', 'Variables', 'System', 'Item', 'Activity outputs']);
  const item = (await c.variablesRequest({ variablesReference: scopes[3].variablesReference })).body.variables;
  assert.deepEqual(item.map((v) => [v.name, v.value]), [['item()', '47']]);
  const outputs = (await c.variablesRequest({ variablesReference: scopes[4].variablesReference })).body.variables;
  assert.ok(outputs.some((v) => v.name === 'After A'), 'outputs of the finished activities');
  await c.continueRequest({ threadId: s.threadId });
  await c.waitForEvent('terminated');
});

test('set variable from the Variables view, step into the child pipeline (stack through ExecutePipeline), step out', async () => {
  const c = await client();
  await launch(c, [{ line: nameLine('Call Child') }]);
  const s = await stopped(c);
  const scopes = (await c.scopesRequest({ frameId: s.frames[0].id })).body.scopes;
  const vars = scopes.find((x) => x.name === 'Variables')!;
  const set = await c.setVariableRequest({ variablesReference: vars.variablesReference, name: 'label', value: '"from the debugger"' });
  assert.equal(set.body.value, '"from the debugger"');
  const wrong = await c.setVariableRequest({ variablesReference: vars.variablesReference, name: 'seen', value: 'text' }).then(() => undefined, (e: Error) => e.message);
  assert.match(wrong ?? '', /not a valid Array value/);
  const [, inChild] = await Promise.all([c.stepInRequest({ threadId: s.threadId }), stopped(c)]);
  assert.equal(inChild.reason, 'step');
  assert.deepEqual(inChild.frames.map((f) => [f.name, f.source?.path]), [['Child Step (Child)', childFile], ['Call Child (Main)', mainFile]]);
  assert.equal(await evaluate(c, inChild.frames[0].id, "pipeline().parameters.label"), '"from the debugger"');
  const [, back] = await Promise.all([c.stepOutRequest({ threadId: inChild.threadId }), stopped(c)]);
  assert.equal(back.frames[0].name, 'Finish (Main)');
  await c.continueRequest({ threadId: back.threadId });
  await c.waitForEvent('terminated');
});

test('disconnect while stopped cancels the run: its record in the store is Cancelled', async () => {
  const c = await client();
  await launch(c, [{ line: nameLine('Remember'), hitCondition: '10' }]);
  await stopped(c);
  await c.disconnectRequest({});
  const files = fs.readdirSync(storeDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  const records = files.map((f) => JSON.parse(fs.readFileSync(path.join(storeDir, f), 'utf8'))).filter((r) => r?.pipelineRun);
  const main = records.find((r) => r.pipelineRun.pipelineName === 'Main');
  assert.ok(main, `a record of Main in ${files.join(', ')}`);
  assert.equal(main.pipelineRun.status, 'Cancelled');
  const loop = main.activityRuns.find((a: { activityName: string }) => a.activityName === 'Loop');
  assert.equal(loop.status, 'Cancelled');
});

test('function breakpoint by activity name (in the child pipeline) and the "Activity failed" exception stop', async () => {
  const c = await client();
  let fb!: DebugProtocol.SetFunctionBreakpointsResponse;
  await Promise.all([
    c.waitForEvent('initialized').then(async () => {
      fb = await c.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Child Last' }, { name: 'No Such Activity' }] });
      await c.configurationDoneRequest();
    }),
    c.initializeRequest().then(() => c.launch(launchArgs())),
  ]);
  assert.deepEqual(fb.body.breakpoints.map((b) => b.verified), [true, false]);
  const s = await stopped(c);
  assert.equal(s.reason, 'function breakpoint');
  assert.deepEqual(s.frames.map((f) => f.name), ['Child Last (Child)', 'Call Child (Main)']);
  await c.continueRequest({ threadId: s.threadId });
  await c.waitForEvent('terminated');
  await c.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });

  const f = await client();
  await Promise.all([
    f.waitForEvent('initialized').then(async () => {
      await f.setExceptionBreakpointsRequest({ filters: ['activityFailed'] });
      await f.configurationDoneRequest();
    }),
    f.initializeRequest().then(() => f.launch(launchArgs({ pipeline: path.join(factory, 'pipeline', 'Fails.json') }))),
  ]);
  const e = await stopped(f);
  assert.equal(e.reason, 'exception');
  assert.equal(e.frames[0].name, 'Boom (Fails)');
  await f.continueRequest({ threadId: e.threadId });
  const exited = (await f.waitForEvent('exited')) as DebugProtocol.ExitedEvent;
  assert.equal(exited.body.exitCode, 1);
});

/** Main's pipeline run records in the store, oldest first. */
function mainRecords(): { pipelineRun: Record<string, any>; activityRuns: Record<string, any>[] }[] {
  const files = fs.readdirSync(storeDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  return files
    .map((f) => JSON.parse(fs.readFileSync(path.join(storeDir, f), 'utf8')))
    .filter((r) => r?.pipelineRun?.pipelineName === 'Main')
    .sort((a, b) => a.pipelineRun.runStart.localeCompare(b.pipelineRun.runStart));
}

test('restart frame reruns from the top-level activity with the recorded state and stops at the chosen activity', async () => {
  const c = await client();
  const init = await c.initializeRequest();
  assert.equal(init.body?.supportsRestartFrame, true);
  let fb!: DebugProtocol.SetFunctionBreakpointsResponse;
  await Promise.all([
    c.waitForEvent('initialized').then(async () => {
      fb = await c.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Child Last' }] });
      await c.configurationDoneRequest();
    }),
    c.launch(launchArgs()),
  ]);
  const s = await stopped(c);
  assert.deepEqual(s.frames.map((f) => f.name), ['Child Last (Child)', 'Call Child (Main)']);
  assert.ok(s.frames.every((f) => f.canRestart));
  const before = await evaluate(c, s.frames[0].id, 'pipeline().parameters.label');
  const notHeld = await c.restartFrameRequest({ frameId: 999_000 }).then(() => undefined, (e: Error) => e.message);
  assert.match(notHeld ?? '', /not stopped at an activity/);
  // Restart the child's frame: Main reruns from Call Child (Loop and the branches are reused) and stops at Child Last.
  const [, again] = await Promise.all([c.restartFrameRequest({ frameId: s.frames[0].id }), stopped(c)]);
  assert.equal(again.reason, 'restart');
  assert.deepEqual(again.frames.map((f) => f.name), ['Child Last (Child)', 'Call Child (Main)']);
  assert.equal(await evaluate(c, again.frames[0].id, 'pipeline().parameters.label'), before);
  let [first, rerun] = mainRecords();
  assert.equal(first.pipelineRun.status, 'Cancelled');
  assert.equal(rerun.pipelineRun.status, 'InProgress');
  assert.equal(rerun.pipelineRun['adfw:rerunOf'], first.pipelineRun.runId);
  // The function breakpoint keeps its id in the rerun.
  const [, next] = await Promise.all([c.continueRequest({ threadId: again.threadId }), c.waitForEvent('terminated')]);
  void next;
  [first, rerun] = mainRecords();
  assert.equal(rerun.pipelineRun.status, 'Succeeded');
  // The variables start from the cancelled run's: the reused Loop appended its 50 items once.
  assert.equal(rerun.pipelineRun['adfw:variables'].seen.length, 50);
  const id = (r: typeof first, name: string) => r.activityRuns.find((a) => a.activityName === name)?.activityRunId;
  assert.equal(id(rerun, 'Loop'), id(first, 'Loop'), 'Loop reused');
  assert.equal(id(rerun, 'After A'), id(first, 'After A'), 'After A reused');
  assert.notEqual(id(rerun, 'Call Child'), id(first, 'Call Child'), 'Call Child ran again');
  assert.ok(fb.body.breakpoints[0].verified);
});

test('restart runs the pipeline again: the first run is Cancelled, breakpoints keep their ids', async () => {
  const c = await client();
  // No seed: each run has ids of its own (with a fixed seed the restarted run is the same run again, same run id).
  const r = await launch(c, [{ line: nameLine('After A') }], { seed: undefined });
  const bpId = r.body.breakpoints[0].id;
  const first = (await c.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
  assert.deepEqual(first.body.hitBreakpointIds, [bpId]);
  const [, again] = await Promise.all([c.customRequest('restart', {}), c.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>]);
  assert.equal(again.body.reason, 'breakpoint');
  assert.deepEqual(again.body.hitBreakpointIds, [bpId]);
  await Promise.all([c.continueRequest({ threadId: again.body.threadId! }), c.waitForEvent('terminated')]);
  assert.deepEqual(mainRecords().map((x) => x.pipelineRun.status), ['Cancelled', 'Succeeded']);
});

test('"Pipeline failed" stops before the run ends, with the failing activity\'s error in exceptionInfo', async () => {
  const c = await client();
  await Promise.all([
    c.waitForEvent('initialized').then(async () => {
      await c.setExceptionBreakpointsRequest({ filters: ['pipelineFailed'] });
      await c.configurationDoneRequest();
    }),
    c.initializeRequest().then((init) => {
      assert.ok(init.body?.exceptionBreakpointFilters?.some((f) => f.filter === 'pipelineFailed'));
      assert.equal(init.body?.supportsExceptionInfoRequest, true);
      return c.launch(launchArgs({ pipeline: path.join(factory, 'pipeline', 'Fails.json') }));
    }),
  ]);
  const s = await stopped(c);
  assert.equal(s.reason, 'exception');
  assert.equal(s.frames[0].name, 'Boom (Fails)');
  const info = await c.exceptionInfoRequest({ threadId: s.threadId });
  assert.equal(info.body.exceptionId, '500');
  assert.match(info.body.description ?? '', /Pipeline 'Fails' failed: activity 'Boom': broken/);
  assert.equal(info.body.details?.typeName, 'UserError');
  // Long Wait (a second branch) has finished: the stop comes when the result is known, before the run ends.
  const outputs = (await c.scopesRequest({ frameId: s.frames[0].id })).body.scopes.find((x) => x.name === 'Activity outputs')!;
  const names = (await c.variablesRequest({ variablesReference: outputs.variablesReference })).body.variables.map((v) => v.name);
  assert.deepEqual(names.sort(), ['Boom', 'Long Wait']);
  const files = fs.readdirSync(storeDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  const rec = files.map((f) => JSON.parse(fs.readFileSync(path.join(storeDir, f), 'utf8'))).find((x) => x?.pipelineRun?.pipelineName === 'Fails');
  assert.equal(rec.pipelineRun.status, 'InProgress');
  await c.continueRequest({ threadId: s.threadId });
  const exited = (await c.waitForEvent('exited')) as DebugProtocol.ExitedEvent;
  assert.equal(exited.body.exitCode, 1);
});

test('Debug Console completion in the stopped scope; hover evaluates @ expressions and @{…} parts', async () => {
  const c = await client();
  const init = await c.initializeRequest();
  assert.equal(init.body?.supportsCompletionsRequest, true);
  await Promise.all([
    c.waitForEvent('initialized').then(async () => {
      await c.setBreakpointsRequest({ source: { path: mainFile }, breakpoints: [{ line: nameLine('Remember'), hitCondition: '3' }] });
      await c.configurationDoneRequest();
    }),
    c.launch(launchArgs()),
  ]);
  const s = await stopped(c);
  const frameId = s.frames[0].id;
  const complete = async (text: string, column = text.length + 1) => (await c.completionsRequest({ text, column, frameId })).body.targets;
  const item = (await complete('ite')).find((t) => t.label === 'item')!;
  assert.deepEqual([item.text, item.start, item.length, item.type], ['item()', 1, 3, 'function']);
  assert.deepEqual((await complete("variables('")).map((t) => t.label), ['label', 'seen']);
  assert.ok((await complete('@pipeline().par')).some((t) => t.label === 'parameters' && t.start === 13));
  assert.ok((await complete("@activity('")).some((t) => t.label === 'After A'));
  const concat = (await complete('@conc')).find((t) => t.label === 'concat')!;
  assert.deepEqual([concat.text, concat.selectionStart], ['concat()', 7]);
  const hover = async (expression: string) => (await c.evaluateRequest({ expression, frameId, context: 'hover' })).body.result;
  assert.equal(await hover('@item()'), '3');
  assert.equal(await hover('n=@{item()}'), '"n=3"');
  const plain = await c.evaluateRequest({ expression: 'Remember', frameId, context: 'hover' }).then(() => undefined, (e: Error) => e.message);
  assert.match(plain ?? '', /starting with @/);
  // Completion at a top-level activity: no item().
  await Promise.all([c.continueRequest({ threadId: s.threadId }), c.waitForEvent('terminated')]);
});
