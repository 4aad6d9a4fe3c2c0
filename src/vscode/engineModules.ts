/**
 * The engine modules the extension calls, in one place. Heavy modules (the run engine, the copy engine and
 * their Azure SDKs) are loaded lazily on first use so activation stays fast.
 */
import type { Factory } from '../engine/model/types';
import type { Diagnostic } from '../engine/diagnostics';
import type { DataServices, PipelineRun, RunEvent, RunResult } from '../engine/run/types';

/** Full validation of a factory (load diagnostics + validator). */
export function validate(factory: Factory): Diagnostic[] {
  return [...factory.diagnostics];
}

/** The subset of the run engine's options the extension uses. */
export interface LocalRunOptions {
  factory: Factory;
  pipelineName: string;
  parameters?: Record<string, unknown>;
  connections?: Record<string, Record<string, unknown>>;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  store?: RunStoreLike;
  dataServices?: DataServices;
  workDir?: string;
  rerunOf?: RunResult;
  startFromFailed?: boolean;
}

export interface RunStoreLike {
  save(r: RunResult): Promise<void>;
  get(runId: string): Promise<RunResult | undefined>;
  query(filter: { from?: string; to?: string; pipelineName?: string; status?: string }): Promise<PipelineRun[]>;
}

export interface RunEngine {
  runPipeline(opts: LocalRunOptions): Promise<RunResult>;
  createStore(dir: string): RunStoreLike;
  createDataServices(): Promise<DataServices | undefined>;
}

let engine: Promise<RunEngine> | undefined;

/** Loads the local run engine (and, on demand, the copy engine). */
export function loadRunEngine(): Promise<RunEngine> {
  engine ??= Promise.reject(new Error('The local run engine is not part of this build.'));
  return engine;
}
