/**
 * The test runner: loads test files, resolves each test's factory, runs its pipeline on the local engine with
 * the test's parameters, clock, seed and mocks, and checks the expectations. Mocked activities never run;
 * every other activity runs on the local engine (and the copy engine for data activities).
 */
import * as path from 'node:path';
import { childPipelineName, findResource, pipelineActivities } from '../model';
import { loadFactoryOrWorkspace } from '../fabric';
import type { Factory } from '../model/types';
import type { MockSpec, RunOptions } from '../run';

/** The run engine, loaded when the first test runs (the test file format and reporters do not need it). */
const runEngine = () => import('../run');
import type { RunResult } from '../contracts/types';
import { checkExpectations } from './expect';
import { factoryRootFor, loadTestFile, locate, discoverTestFiles, type LoadedTestFile } from './load';
import type { MockDef, TestCaseDef, TestResult, TestSummary } from './types';

export interface RunTestsOptions {
  /** Engine options added to every run (dataServices, store, workDir, onEvent, signal...). */
  engine?: Partial<Omit<RunOptions, 'factory' | 'pipelineName' | 'parameters' | 'mocks' | 'now' | 'seed'>>;
  /** Run only the tests this returns true for (e.g. "rerun failed"). */
  filter?: (file: string, testName: string) => boolean;
  onStart?: (file: string, testName: string) => void;
  onResult?: (r: TestResult) => void;
  /** Base folder for display names (default: cwd). */
  baseDir?: string;
  signal?: AbortSignal;
  /** Keep the full RunResult on each result (default true). */
  keepRuns?: boolean;
  /**
   * Fabric workspaces: the value set for test files that name none (an editor's active value set). A file's own
   * `valueSet` wins; a library without this one uses its default values (a warning, not an error).
   */
  defaultValueSet?: (root: string) => string | undefined;
}

/** Names (→ type) of every activity of a pipeline: containers included, and pipelines it runs through ExecutePipeline (mocks apply there too). */
export function activityNames(factory: Factory, pipelineName: string): Map<string, string> {
  const out = new Map<string, string>();
  const visited = new Set<string>();
  const visit = (name: string): void => {
    const pipe = findResource(factory, 'pipeline', name);
    if (!pipe || visited.has(pipe.name)) return;
    visited.add(pipe.name);
    for (const a of pipelineActivities(pipe)) {
      if (a.name && !out.has(a.name)) out.set(a.name, a.type);
      const child = childPipelineName(factory, a.type, a.json);
      if (child) visit(child);
    }
  };
  visit(pipelineName);
  return out;
}

/** Replaces ${factoryDir} and ${testDir} in connection values, so tests do not depend on the working folder. */
function substitutePaths(v: unknown, vars: Record<string, string>): unknown {
  if (typeof v === 'string') return v.replace(/\$\{(factoryDir|testDir)\}/g, (_, k: string) => vars[k]);
  if (Array.isArray(v)) return v.map((x) => substitutePaths(x, vars));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitutePaths(x, vars)]));
  return v;
}

function toMockSpecs(mocks: MockDef[]): MockSpec[] {
  return mocks.map((m) => ({ activityName: m.activity, activityType: m.activity ? undefined : m.type, iteration: m.iteration, output: m.output, error: m.error, status: m.status }));
}

/** Runs one test of a loaded file against a factory. */
export async function runTestCase(loaded: LoadedTestFile, factory: Factory, index: number, opts: RunTestsOptions = {}): Promise<TestResult> {
  const def = loaded.def!;
  const t: TestCaseDef = def.tests[index];
  const base = ['tests', index];
  const started = Date.now();
  const display = path.relative(opts.baseDir ?? process.cwd(), loaded.file) || loaded.file;
  const result: TestResult = { file: loaded.file, name: t.name, fullName: `${display} › ${t.name}`, status: 'passed', durationMs: 0, failures: [], location: locate(loaded.doc, [...base, 'name']) };
  const pipelineName = t.pipeline ?? def.pipeline!;
  result.pipelineName = pipelineName;
  const done = (r: TestResult) => ((r.durationMs = Date.now() - started), r);
  if (t.skip) {
    result.status = 'skipped';
    result.skipReason = typeof t.skip === 'string' ? t.skip : undefined;
    return done(result);
  }
  const error = (message: string, p: (string | number)[] = [...base, 'name']) => {
    result.status = 'error';
    result.error = message;
    result.failures.push({ path: p.join('.'), message, location: locate(loaded.doc, p) });
    return done(result);
  };
  const pipe = findResource(factory, 'pipeline', pipelineName);
  if (!pipe) return error(`Pipeline "${pipelineName}" does not exist in ${factory.root}.`, t.pipeline ? [...base, 'pipeline'] : ['pipeline']);
  const names = activityNames(factory, pipe.name);
  const mocks = [...(t.mocks ?? []), ...(def.mocks ?? [])];
  for (const [where, list] of [[[...base, 'mocks'], t.mocks ?? []], [['mocks'], def.mocks ?? []]] as const) {
    for (let i = 0; i < list.length; i++) {
      const m = list[i];
      if (m.activity && !names.has(m.activity)) return error(`Mock for unknown activity "${m.activity}": pipeline "${pipe.name}" has ${[...names.keys()].join(', ') || 'no activities'}.`, [...where, i, 'activity']);
    }
  }
  const clock = t.clock ?? def.clock;
  for (const name of Object.keys(clock?.activities ?? {})) {
    if (!names.has(name)) return error(`Clock for unknown activity "${name}": pipeline "${pipe.name}" has ${[...names.keys()].join(', ') || 'no activities'}.`, [...(t.clock ? base : []), 'clock', 'activities', name]);
  }
  for (const name of Object.keys(t.expect.activities ?? {})) {
    if (!names.has(name)) return error(`Expectation for unknown activity "${name}" in pipeline "${pipe.name}".`, [...base, 'expect', 'activities', name]);
  }
  let connections: Record<string, Record<string, unknown>> = {};
  const conn = t.connections ?? def.connections;
  try {
    if (typeof conn === 'string') connections = await (await runEngine()).loadConnections(path.resolve(path.dirname(loaded.file), conn));
    // Inline connections take ${env:NAME} like a connections file, so secrets and addresses stay out of the test.
    else if (conn) connections = (await runEngine()).substituteEnv(conn, process.env, `${path.basename(loaded.file)}: connections`) as typeof connections;
  } catch (e) {
    return error(`Connections: ${(e as Error).message}`, [...(t.connections ? base : []), 'connections']);
  }
  connections = substitutePaths(connections, { factoryDir: factory.root, testDir: path.dirname(loaded.file) }) as typeof connections;
  let run: RunResult;
  // Child pipelines' activities are expected by name like the pipeline's own (their names are allowed above).
  const childRuns: RunResult[] = [];
  try {
    run = await (await runEngine()).runPipeline({
      ...(opts.engine ?? {}),
      onEvent: (e) => {
        if (e.type === 'runFinished' && e.run.invokedBy?.invokedByType === 'PipelineActivity') childRuns.push({ pipelineRun: e.run, activityRuns: e.activityRuns });
        opts.engine?.onEvent?.(e);
      },
      signal: opts.signal ?? opts.engine?.signal,
      factory,
      pipelineName: pipe.name,
      parameters: { ...(def.parameters ?? {}), ...(t.parameters ?? {}) },
      mocks: toMockSpecs(mocks),
      now: t.now ?? def.now,
      clock,
      seed: t.seed ?? def.seed,
      connections,
    });
  } catch (e) {
    return error(`The run could not start: ${(e as Error).message}`);
  }
  result.runId = run.pipelineRun.runId;
  if (opts.keepRuns !== false) result.run = run;
  const own = new Set(pipelineActivities(pipe).map((a) => a.name));
  result.failures = checkExpectations(t.expect, withChildActivities(run, childRuns, own), (p) => locate(loaded.doc, [...base, 'expect', ...p]));
  result.status = result.failures.length ? 'failed' : 'passed';
  return done(result);
}

/**
 * The run as expectations read it: its activity runs and those of the child runs it started, in start order (a
 * child's activities start after the activity that started the child; ties keep the parent's first). A name the
 * tested pipeline uses itself always means its own activity: children's activities of that name are left out.
 */
function withChildActivities(run: RunResult, children: RunResult[], own: Set<string>): RunResult {
  const inner = children.filter((c) => c.pipelineRun.runId !== run.pipelineRun.runId).flatMap((c) => c.activityRuns).filter((a) => !own.has(a.activityName));
  if (!inner.length) return run;
  const all = [...run.activityRuns, ...inner];
  const start = (a: RunResult['activityRuns'][number]) => Date.parse(a.activityRunStart ?? '') || 0;
  return { ...run, activityRuns: all.map((a, i) => ({ a, i })).sort((x, y) => start(x.a) - start(y.a) || x.i - y.i).map((x) => x.a) };
}

/** Runs every test of one file. A file that does not load yields one "error" result. */
export async function runTestFile(file: string, opts: RunTestsOptions = {}, factories = new Map<string, Promise<Factory>>()): Promise<TestResult[]> {
  const loaded = await loadTestFile(file);
  const display = path.relative(opts.baseDir ?? process.cwd(), loaded.file) || loaded.file;
  const fileError = (message: string, location = loaded.problems[0]?.location): TestResult[] => {
    const r: TestResult = { file: loaded.file, name: '(file)', fullName: `${display} › (file)`, status: 'error', durationMs: 0, failures: [{ path: '', message, location }], error: message, location };
    opts.onResult?.(r);
    return [r];
  };
  if (!loaded.def || loaded.problems.length) {
    return fileError(loaded.problems.map((p) => `${display}:${p.location.line}:${p.location.column}: ${p.message}`).join('\n'));
  }
  const root = await factoryRootFor(loaded.file, loaded.def);
  if (!root) return fileError(`No factory found for ${display}: put the file under a factory folder or set "factory" (relative path).`, locate(loaded.doc, []));
  const own = loaded.def.valueSet;
  const valueSet = own ?? opts.defaultValueSet?.(root);
  const key = valueSet ? `${root}\0${valueSet}` : root;
  let fp = factories.get(key);
  if (!fp) factories.set(key, (fp = loadFactoryOrWorkspace(root, { valueSet, missingValueSet: own ? 'error' : 'defaults' })));
  const factory = await fp;
  if (!factory.resources.pipeline.size) return fileError(`No pipelines in ${root} (set "factory" to the factory root).`, locate(loaded.doc, loaded.def.factory ? ['factory'] : []));
  const only = loaded.def.tests.some((t) => t.only);
  const out: TestResult[] = [];
  for (let i = 0; i < loaded.def.tests.length; i++) {
    const t = loaded.def.tests[i];
    if (only && !t.only) continue;
    if (opts.filter && !opts.filter(loaded.file, t.name)) continue;
    if (opts.signal?.aborted) break;
    opts.onStart?.(loaded.file, t.name);
    const r = await runTestCase(loaded, factory, i, opts);
    opts.onResult?.(r);
    out.push(r);
  }
  return out;
}

/** Discovers test files under each path and runs them; returns every result and the counts. `factories` (root → factory) receives the factories the tests ran in. */
export async function runTests(paths: string[], opts: RunTestsOptions = {}, factories = new Map<string, Promise<Factory>>()): Promise<TestSummary> {
  const started = Date.now();
  const files = new Set<string>();
  for (const p of paths.length ? paths : ['.']) for (const f of await discoverTestFiles(p)) files.add(f);
  const results: TestResult[] = [];
  for (const f of [...files].sort()) results.push(...(await runTestFile(f, opts, factories)));
  return summarize(results, Date.now() - started);
}

export function summarize(results: TestResult[], durationMs: number): TestSummary {
  const count = (s: TestResult['status']) => results.filter((r) => r.status === s).length;
  return { results, passed: count('passed'), failed: count('failed'), errors: count('error'), skipped: count('skipped'), durationMs };
}
