/**
 * The engine modules the extension calls, in one place. Heavy modules (the run engine, the copy engine and
 * their Azure SDKs) are loaded lazily on first use so activation stays fast.
 */
import type { Factory } from '../engine/model/types';
import type { Diagnostic } from '../engine/diagnostics';
import { validateFactory } from '../engine/validate/index';
import type { DataServices, PipelineRun, RunEvent, RunResult } from '../engine/run/types';

/** Full validation of a factory (load diagnostics + schema + semantic + expression checks). */
export function validate(factory: Factory): Diagnostic[] {
  return validateFactory(factory);
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

/** Loads the local run engine (it loads the copy engine and Azure SDKs itself, on first use). */
export function loadRunEngine(): Promise<RunEngine> {
  engine ??= import('../engine/run/index').then((m) => ({
    runPipeline: (o: LocalRunOptions) => m.runPipeline(o),
    createStore: (dir: string) => new m.RunStore(dir),
    createDataServices: async () => undefined,
  }));
  return engine;
}
