/**
 * Tests recorded from runs in ADF (or the ARM emulator): the run, its activity runs and the runs of the child
 * pipelines it started (ExecutePipeline outputs name them) become a test whose substitutions replay the outputs of
 * every activity that talks to an outside system, and whose expectations are what ADF observed: the pipeline status,
 * each activity's status and run count, and the evaluated inputs of the activities the local engine runs itself.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from '../run';
import { findResource, type Factory } from '../model';
import { testFileFromRun, type TestFromRunOptions } from './fromRun';
import { TEST_FILE_SUFFIX } from './load';
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

/** Why a recorded test was not written: the run's pipeline is not in the factory, the run has not finished, the file exists. */
export class RecordError extends Error {
  constructor(
    message: string,
    readonly reason: 'unknownPipeline' | 'notFinished' | 'exists',
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

/** Where a recorded test goes by default: `<factory>/tests/<pipeline>-<first 8 characters of the run id>.adftest.json`. */
export function recordedTestPath(factory: Factory, run: RunResult): string {
  return path.join(factory.root, 'tests', `${run.pipelineRun.pipelineName}-${run.pipelineRun.runId.slice(0, 8)}${TEST_FILE_SUFFIX}`);
}

/**
 * Records a test from a finished run of a pipeline the factory defines and writes it (never over an existing file):
 * the one path of `adfw test record` and of *Create Test from Azure Run* in VS Code.
 */
export async function recordTestFile(
  fetch: RunFetcher,
  runId: string,
  factory: Factory,
  opts: { out?: string; name?: string } = {},
): Promise<{ path: string } & Awaited<ReturnType<typeof recordTest>>> {
  const recorded = await recordTest(fetch, runId, { factory, name: opts.name });
  const pr = recorded.run.pipelineRun;
  if (!findResource(factory, 'pipeline', pr.pipelineName)) throw new RecordError(`the run is of pipeline "${pr.pipelineName}", which ${factory.root} does not define; pass the factory folder the run's pipeline comes from.`, 'unknownPipeline');
  if (pr.status !== 'Succeeded' && pr.status !== 'Failed' && pr.status !== 'Cancelled') throw new RecordError(`run ${pr.runId} is ${pr.status}; record it once it has finished.`, 'notFinished');
  const out = path.resolve(opts.out ?? recordedTestPath(factory, recorded.run));
  await fs.mkdir(path.dirname(out), { recursive: true });
  try {
    await fs.writeFile(out, JSON.stringify(recorded.file, null, 2) + '\n', { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new RecordError(`${out} exists; choose another file or delete it.`, 'exists');
    throw e;
  }
  return { path: out, ...recorded };
}
