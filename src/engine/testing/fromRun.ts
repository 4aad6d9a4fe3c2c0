/**
 * "Create test from this run": turns a finished local run into a test case that reproduces it without any
 * external system. Activities that talk to data stores or services are substituted with the outputs (or
 * errors) they produced; control-flow and variable activities run for real; the expectations pin the
 * pipeline status, every activity's status and run count, final variables and the return value.
 */
import { findResource, declaredParameterName, normaliseType, valueFromRecord } from '../model';
import type { Factory } from '../model/types';
import type { ActivityRun, RunResult } from '../contracts/types';
import type { ActivityExpectation, MockDef, TestCaseDef, TestFileDef } from './types';

/** Activity types that run on the local engine without touching anything outside the run. */
export const PURE_TYPES = new Set(['setvariable', 'appendvariable', 'filter', 'foreach', 'ifcondition', 'switch', 'until', 'wait', 'fail', 'executepipeline']);

/** Parses REST-shaped (string) parameter values back to their declared types (the model's rule). */
function typedParameters(factory: Factory | undefined, pipelineName: string, params: Record<string, string>): Record<string, unknown> {
  const declared = (factory && findResource(factory, 'pipeline', pipelineName)?.properties.parameters) || {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const name = declaredParameterName(declared, k);
    out[k] = valueFromRecord(name === undefined ? 'String' : normaliseType(declared[name]?.type), v);
  }
  return out;
}

function mockOf(a: ActivityRun, iteration?: number): MockDef {
  const m: MockDef = { activity: a.activityName };
  if (iteration !== undefined) m.iteration = iteration;
  if (a.status === 'Failed' && a.error) {
    m.error = { errorCode: a.error.errorCode, message: a.error.message, failureType: a.error.failureType === 'SystemError' ? 'SystemError' : 'UserError' };
    if (a.output && typeof a.output === 'object' && Object.keys(a.output).length) m.output = a.output;
  } else m.output = a.output ?? {};
  return m;
}

/** Container activities: their inputs are bookkeeping that differs between ADF and the local engine, never expected. */
const CONTAINER_TYPES = new Set(['foreach', 'ifcondition', 'switch', 'until', 'executepipeline']);

export interface TestFromRunOptions {
  factory?: Factory;
  name?: string;
  /**
   * Runs of child pipelines (ExecutePipeline): their activities that touch outside systems are substituted too (by
   * activity name), so the children run locally on the outputs they had.
   */
  childRuns?: RunResult[];
  /** Expect the evaluated input of every activity the local engine runs (not substituted, not a container) that ran once. */
  expectInputs?: boolean;
}

function groupByName(runs: ActivityRun[]): Map<string, ActivityRun[]> {
  const byName = new Map<string, ActivityRun[]>();
  for (const a of [...runs].sort((x, y) => (x.activityRunStart ?? '').localeCompare(y.activityRunStart ?? ''))) byName.set(a.activityName, [...(byName.get(a.activityName) ?? []), a]);
  return byName;
}

function mocksOf(name: string, runs: ActivityRun[]): MockDef[] {
  if (PURE_TYPES.has(runs[0].activityType.toLowerCase())) return [];
  // Several runs (inside a ForEach): one mock per iteration, in start order.
  return runs.length === 1 ? [mockOf(runs[0])] : runs.map((a, i) => mockOf(a, i));
}

/** Builds a test case reproducing a run (see the module comment). */
export function testFromRun(run: RunResult, opts: TestFromRunOptions = {}): TestCaseDef {
  const pr = run.pipelineRun;
  const byName = groupByName(run.activityRuns);
  const mocks: MockDef[] = [];
  const activities: Record<string, ActivityExpectation> = {};
  for (const [name, runs] of byName) {
    const type = runs[0].activityType.toLowerCase();
    mocks.push(...mocksOf(name, runs));
    const statuses = new Set(runs.map((a) => a.status));
    const e: ActivityExpectation = statuses.size === 1 ? { status: runs[0].status, runs: runs.length } : { runs: runs.length };
    const input = runs[0].input;
    if (opts.expectInputs && runs.length === 1 && PURE_TYPES.has(type) && !CONTAINER_TYPES.has(type) && input && typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length) e.input = { ...(input as Record<string, unknown>) };
    activities[name] = e;
  }
  const taken = new Set(mocks.map((m) => m.activity));
  for (const child of opts.childRuns ?? []) {
    for (const [name, runs] of groupByName(child.activityRuns)) if (!taken.has(name)) mocks.push(...mocksOf(name, runs));
  }
  const t: TestCaseDef = {
    name: opts.name ?? `${pr.pipelineName} ${pr.status.toLowerCase()} (from run ${pr.runId.slice(0, 8)})`,
    pipeline: pr.pipelineName,
    parameters: typedParameters(opts.factory, pr.pipelineName, pr.parameters ?? {}),
    now: pr['adfw:now'] ?? pr.runStart,
    mocks,
    expect: { status: pr.status === 'Succeeded' || pr.status === 'Failed' || pr.status === 'Cancelled' ? pr.status : undefined, activities },
  };
  if (pr['adfw:seed'] !== undefined) t.seed = pr['adfw:seed'];
  if (pr['adfw:variables'] && Object.keys(pr['adfw:variables']).length) t.expect.variables = pr['adfw:variables'];
  if (pr['adfw:returnValue'] !== undefined) t.expect.returnValue = pr['adfw:returnValue'];
  return t;
}

/** A whole test file for a run, with the schema reference relative to the file's location. */
export function testFileFromRun(run: RunResult, opts: TestFromRunOptions & { schemaRef?: string } = {}): TestFileDef & { $schema?: string } {
  return { ...(opts.schemaRef ? { $schema: opts.schemaRef } : {}), tests: [testFromRun(run, opts)] };
}
