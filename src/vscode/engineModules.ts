/**
 * The engine modules the extension calls, in one place. Heavy modules (the validator with its schemas, the run
 * engine, the copy engine and their Azure SDKs) are loaded on first use so activation stays fast; the production
 * build puts each in its own chunk (dist/chunks/, see scripts/build.mjs).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { Factory } from '../engine/model/types';
import type { IncrementalValidator } from '../engine/validate';
import type { DataServices, PipelineRun, RunResult } from '../engine/contracts/types';
import type { RunOptions } from '../engine/run/engine';

type ValidateModule = typeof import('../engine/validate');
type TestingModule = typeof import('../engine/testing');
type RunModule = typeof import('../engine/run');
let validator: ValidateModule | undefined;
let testingModule: TestingModule | undefined;

/** The validator (its chunk is required on first use). */
export function validatorModule(): ValidateModule {
  return (validator ??= require('../engine/validate') as ValidateModule);
}

/**
 * Pipeline tests: the test file format (discovery, parsing, tests from runs) and the runner. Required on first use
 * (a test file opened or discovered); the run engine it needs loads only when a test runs.
 */
export function testing(): TestingModule {
  return (testingModule ??= require('../engine/testing') as TestingModule);
}

/** The local run engine module (its chunk is loaded on first use). */
export function loadRunModule(): Promise<RunModule> {
  return import('../engine/run');
}

/**
 * The editor's validator of a factory: validates it fully now (load diagnostics + schema + semantic + expression
 * checks), then re-validates edited files and their dependants. The validator is required on the first call, which
 * happens when the workspace's factories have been loaded, after activation.
 */
export function incrementalValidator(factory: Factory): IncrementalValidator {
  return new (validatorModule().IncrementalValidator)(factory);
}

/**
 * The subset of the run engine's options the extension uses, taken from the engine's own type (type-only: nothing
 * is loaded) so the two cannot drift; the extension's stores also answer get/query for the Runs view.
 */
export type LocalRunOptions = Pick<
  RunOptions,
  'factory' | 'pipelineName' | 'parameters' | 'connections' | 'signal' | 'onEvent' | 'dataServices' | 'workDir' | 'rerunOf' | 'startFromFailed' | 'invokedBy' | 'pipelineContext' | 'trigger' | 'triggerBody'
> & { store?: RunStoreLike };

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

type LintModule = typeof import('../engine/lint/index');
type ImpactModule = typeof import('../engine/impact/index');
let lintModule: LintModule | undefined;
let impactModule: ImpactModule | undefined;

/** The factory linter (rules, .adfwlint.json), required on first use. */
export function lintEngine(): LintModule {
  lintModule ??= require('../engine/lint/index') as LintModule;
  return lintModule;
}

/** Impact analysis (references, unused resources, the factory graph), required on first use. */
export function impactEngine(): ImpactModule {
  impactModule ??= require('../engine/impact/index') as ImpactModule;
  return impactModule;
}
