/**
 * Tests recorded from runs in ADF (or the ARM emulator): the run, its activity runs and the runs of the child
 * pipelines it started (ExecutePipeline outputs name them) become a test whose substitutions replay the outputs of
 * every activity that talks to an outside system, and whose expectations are what ADF observed: the pipeline status,
 * each activity's status and run count, and the evaluated inputs of the activities the local engine runs itself.
 */
import type { RunResult } from '../run';
import { testFileFromRun, type TestFromRunOptions } from './fromRun';
import type { TestFileDef } from './types';

/** Reads one pipeline run with its activity runs (from ADF through the REST API, or any other store). */
export type RunFetcher = (runId: string) => Promise<RunResult>;

/** Child runs named by ExecutePipeline outputs, depth first, at most `max`. */
export async function childRunsOf(fetch: RunFetcher, run: RunResult, max = 100, depth = 0): Promise<RunResult[]> {
  const out: RunResult[] = [];
  if (depth >= 8) return out;
  for (const a of run.activityRuns) {
    if (a.activityType !== 'ExecutePipeline' || out.length >= max) continue;
    const id = (a.output as { pipelineRunId?: unknown } | undefined)?.pipelineRunId ?? a['adfw:childRunId'];
    if (typeof id !== 'string' || !id) continue;
    const child = await fetch(id);
    out.push(child, ...(await childRunsOf(fetch, child, max - out.length - 1, depth + 1)));
  }
  return out;
}

/** Records a test from a run: fetches it and its child runs, and builds the test file. */
export async function recordTest(fetch: RunFetcher, runId: string, opts: Omit<TestFromRunOptions, 'childRuns' | 'expectInputs'> & { schemaRef?: string } = {}): Promise<{ file: TestFileDef & { $schema?: string }; run: RunResult; childRuns: RunResult[] }> {
  const run = await fetch(runId);
  const childRuns = await childRunsOf(fetch, run);
  const name = opts.name ?? `${run.pipelineRun.pipelineName} ${run.pipelineRun.status.toLowerCase()} as in ADF run ${run.pipelineRun.runId}`;
  return { file: testFileFromRun(run, { ...opts, name, childRuns, expectInputs: true }), run, childRuns };
}
