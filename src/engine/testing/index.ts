/**
 * adf-workbench/testing: pipeline tests in code, on node's test runner (or any runner).
 *
 *   import { test } from 'node:test';
 *   import { loadFactory, runPipeline, assertStatus, assertActivity } from 'adf-workbench/testing';
 *   test('orders copy uses the watermark', async () => {
 *     const factory = await loadFactory('./factory');
 *     const run = await runPipeline(factory, 'CopyOrders', { parameters: { since: '2024-01-01' },
 *       mocks: [{ type: 'Copy', output: { rowsCopied: 3 } }], now: '2024-01-02T00:00:00Z' });
 *     assertStatus(run, 'Succeeded');
 *     assertActivity(run, 'CopyOrders', { input: { 'source.sqlReaderQuery': { $contains: "'2024-01-01'" } } });
 *   });
 */
import { AssertionError } from 'node:assert';
import { loadFactoryOrWorkspace } from '../fabric';
import type { Factory } from '../model/types';
import type { RunOptions } from '../run';
import type { ActivityRun, RunResult } from '../contracts/types';
import { checkExpectations } from './expect';
import { ABSENT, valueAt } from './matchers';
import type { ActivityExpectation, Expectations, Failure, MockDef } from './types';

export * from './types';
export { runTests, runTestFile, runTestCase, summarize, activityNames, type RunTestsOptions } from './runner';
export { loadTestFile, parseTestFile, discoverTestFiles, factoryRootFor, TEST_FILE_SUFFIX, type LoadedTestFile, type TestFileProblem } from './load';
export { checkExpectations } from './expect';
export { mismatch, valueAt, parsePath, isOperator, ABSENT } from './matchers';
export { specLine, specSummary } from './reporters/spec';
export { jsonReport } from './reporters/json';
export { junitReport, xmlEscape } from './reporters/junit';
export { testFromRun, testFileFromRun, PURE_TYPES, type TestFromRunOptions } from './fromRun';
export { recordTest, recordTestFile, recordedTestPath, childRunsOf, RecordError, type RunFetcher } from './record';

/** Reads a connections file (linked service name -> properties, ${ENV} substituted); the run engine's reader. */
export async function loadConnections(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, Record<string, unknown>>> {
  return (await import('../run')).loadConnections(file, env);
}

/** Loads a factory folder (the folder holding pipeline/, dataset/, ...). */
export async function loadFactory(root: string): Promise<Factory> {
  return loadFactoryOrWorkspace(root);
}

export interface PipelineTestOptions extends Partial<Omit<RunOptions, 'factory' | 'pipelineName' | 'mocks'>> {
  /** Substituted activities: by name ({activity}) or type ({type}), optionally per ForEach iteration, outputs or errors. */
  mocks?: MockDef[];
}

/** A finished run with lookups for assertions. */
export interface PipelineTestRun extends RunResult {
  status: string;
  /** Runs of one activity in start order. */
  activityRuns: ActivityRun[];
  runsOf(activityName: string): ActivityRun[];
  /** The (first, or `run`-th) run of an activity; throws when it never ran. */
  activity(activityName: string, run?: number): ActivityRun;
  /** Evaluated input of an activity, or a value inside it ("source.sqlReaderQuery"). */
  input(activityName: string, path?: string, run?: number): unknown;
  output(activityName: string, path?: string, run?: number): unknown;
  variable(name: string): unknown;
  returnValue: unknown;
}

/** Runs a pipeline on the local engine and returns the run with lookup helpers. */
export async function runPipeline(factory: Factory | string, pipelineName: string, opts: PipelineTestOptions = {}): Promise<PipelineTestRun> {
  const f = typeof factory === 'string' ? await loadFactoryOrWorkspace(factory) : factory;
  const { mocks, ...rest } = opts;
  const { runPipeline: runEngine } = await import('../run');
  const result = await runEngine({
    ...rest,
    factory: f,
    pipelineName,
    mocks: (mocks ?? []).map((m) => ({ activityName: m.activity, activityType: m.activity ? undefined : m.type, iteration: m.iteration, output: m.output, error: m.error, status: m.status })),
  });
  return wrap(result);
}

/** Adds lookup helpers to a run result (e.g. one read from a run store). */
export function wrap(result: RunResult): PipelineTestRun {
  const sorted = result.activityRuns; // in start order
  const runsOf = (name: string) => sorted.filter((a) => a.activityName === name);
  const activity = (name: string, run = 0) => {
    const rs = runsOf(name);
    const a = rs[run < 0 ? rs.length + run : run];
    if (!a) throw new AssertionError({ message: `Activity "${name}" has no run ${run} (it ran ${rs.length} time(s); activities that ran: ${[...new Set(sorted.map((x) => x.activityName))].join(', ')}).`, actual: rs.length, expected: run + 1, operator: 'runsOf' });
    return a;
  };
  const at = (root: unknown, p?: string) => {
    if (!p) return root;
    const v = valueAt(root, p);
    return v === ABSENT ? undefined : v;
  };
  return {
    ...result,
    activityRuns: sorted,
    status: result.pipelineRun.status,
    runsOf,
    activity,
    input: (name, p, run) => at(activity(name, run).input, p),
    output: (name, p, run) => at(activity(name, run).output, p),
    variable: (name) => result.pipelineRun['adfw:variables']?.[name],
    returnValue: result.pipelineRun['adfw:returnValue'],
  };
}

function raise(failures: Failure[]): void {
  if (!failures.length) return;
  const f = failures[0];
  throw new AssertionError({
    message: failures.map((x) => x.message).join('\n'),
    expected: f.expected,
    actual: f.actual,
    operator: 'adfExpect',
  });
}

/** Asserts the pipeline run status ("Succeeded", "Failed", "Cancelled"). */
export function assertStatus(run: RunResult, status: Expectations['status']): void {
  raise(checkExpectations({ status }, run));
}

/** Asserts one activity expectation (status, runs, input/output paths, error), as in test files. */
export function assertActivity(run: RunResult, activityName: string, expectation: ActivityExpectation): void {
  raise(checkExpectations({ activities: { [activityName]: expectation } }, run));
}

/** Asserts a whole expectation object, as in test files. */
export function assertExpectations(run: RunResult, expect: Expectations): void {
  raise(checkExpectations(expect, run));
}

/** Asserts a variable's final value (deep equality or a matcher such as {"$contains": "x"}). */
export function assertVariable(run: RunResult, name: string, expected: unknown): void {
  raise(checkExpectations({ variables: { [name]: expected } }, run));
}
