/**
 * The one place where the extension loads engine code on demand. The validator (with its schemas), the run engine
 * (with the copy engine, connectors and their Azure SDKs), pipeline tests and publish are required on first use so
 * activation stays fast; the production build puts the first three in chunks of their own (dist/chunks/, see
 * scripts/build.mjs). Everything else of the engine is imported statically through the areas' index.ts. The lint
 * forbids import() and require() elsewhere in src/vscode (eslint.config.mjs).
 *
 * Types come from the engine itself (type-only imports load nothing), so the extension cannot drift from it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { Factory } from '../engine/model';
import type { IncrementalValidator } from '../engine/validate';
import type { RunOptions } from '../engine/run';

export type ValidateModule = typeof import('../engine/validate');
export type TestingModule = typeof import('../engine/testing');
export type RunModule = typeof import('../engine/run');
export type PublishModule = typeof import('../engine/publish');
export type StagesModule = typeof import('../engine/stages');
export type CoverageModule = typeof import('../engine/coverage');

let validator: ValidateModule | undefined;
let testingModule: TestingModule | undefined;
let runModule: Promise<RunModule> | undefined;
let publishModule: Promise<PublishModule> | undefined;
let stagesModule: Promise<StagesModule> | undefined;
let coverageModule: Promise<CoverageModule> | undefined;

/**
 * The validator. Required (synchronously) on first use: when the workspace's factories have been loaded, after
 * activation, or when a name typed in a "new resource" box is checked.
 */
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

/** The local run engine (it loads the copy engine, data flows and Azure SDKs itself, on first use). */
export function loadRun(): Promise<RunModule> {
  return (runModule ??= import('../engine/run'));
}

/**
 * The editor's validator of a factory: validates it fully now (load diagnostics + schema + semantic + expression
 * checks), then re-validates edited files and their dependants. The validator is required on the first call, which
 * happens when the workspace's factories have been loaded, after activation.
 */
export function incrementalValidator(factory: Factory): IncrementalValidator {
  return new (validatorModule().IncrementalValidator)(factory);
}

/** Publishing local definitions to a factory in Azure (plan, diff, deployment order). */
export function loadPublish(): Promise<PublishModule> {
  return (publishModule ??= import('../engine/publish'));
}

/** Stages (environments) applied to a factory before publishing. */
export function loadStages(): Promise<StagesModule> {
  return (stagesModule ??= import('../engine/stages'));
}

/** Activity coverage of pipeline test runs. */
export function loadCoverage(): Promise<CoverageModule> {
  return (coverageModule ??= import('../engine/coverage'));
}

/** The options of the run engine that the extension's run manager sets (the engine's own type, narrowed). */
export type LocalRunOptions = Pick<
  RunOptions,
  'factory' | 'pipelineName' | 'parameters' | 'connections' | 'signal' | 'onEvent' | 'store' | 'workDir' | 'rerunOf' | 'startFromFailed' | 'invokedBy' | 'pipelineContext' | 'trigger' | 'triggerBody'
>;

type DebugAdapterModule = typeof import('./debug/adapter');

/** The pipeline debug adapter (its chunk, with the run engine's, is loaded when a debug session starts). */
export function loadDebugAdapter(): Promise<DebugAdapterModule> {
  return import('./debug/adapter');
}

type LintModule = typeof import('../engine/lint');
type ImpactModule = typeof import('../engine/impact');
let lintModule: LintModule | undefined;
let impactModule: ImpactModule | undefined;

/** The factory linter (rules, .adfwlint.json), required on first use. */
export function lintEngine(): LintModule {
  lintModule ??= require('../engine/lint') as LintModule;
  return lintModule;
}

/** Impact analysis (references, unused resources, the factory graph), required on first use. */
export function impactEngine(): ImpactModule {
  impactModule ??= require('../engine/impact') as ImpactModule;
  return impactModule;
}

export type FabricRemoteModule = typeof import('../engine/fabricRemote');
let fabricRemoteModule: Promise<FabricRemoteModule> | undefined;

/** The Fabric REST client (workspaces, runs, definitions), loaded when the Fabric view or a Fabric command first needs it. */
export function loadFabricRemote(): Promise<FabricRemoteModule> {
  return (fabricRemoteModule ??= import('../engine/fabricRemote'));
}
