/**
 * The services the extension hands to each feature area's `register(context, services)` function
 * (remote factories, triggers, pipeline tests, data flows). Features depend on this interface only.
 */
import type * as vscode from 'vscode';
import type { Factory, Resource, ResourceKind } from '../engine/model/types';
import type { PipelineRun, RunEvent, RunResult } from '../engine/contracts/types';
import type { RunOptions } from '../engine/run';
import type { Diagnostic } from '../engine/diagnostics';

/** Local factories found in the workspace, kept current by a debounced file watcher. */
export interface FactoryIndex {
  /** Every loaded factory, sorted by root. */
  factories(): readonly Factory[];
  /** The factory whose root contains the file, if any. */
  factoryFor(uri: vscode.Uri): Factory | undefined;
  /** The resource a file defines, if any. */
  resourceFor(uri: vscode.Uri): Resource | undefined;
  /** Validator diagnostics of a factory (load + schema + semantic + expression). */
  diagnosticsOf(factory: Factory): readonly Diagnostic[];
  /** Diagnostics of one file (what the Problems view shows for it). */
  diagnosticsOfFile(file: string): readonly Diagnostic[];
  /** Fires after factories were (re)loaded or revalidated. */
  readonly onDidChange: vscode.Event<void>;
  /** Fires with the files whose diagnostics may have changed; undefined after a full reload (every file). */
  readonly onDidChangeDiagnostics: vscode.Event<readonly string[] | undefined>;
  /** Reloads everything (discovery + load + validate). */
  refresh(): Promise<void>;
  /** Resolves once the first load finished. */
  ready(): Promise<void>;
}

/** A source of runs shown in the Runs view and the monitor besides local runs (e.g. remote factories). */
export interface RunSource {
  id: string;
  label: string;
  /** Recent runs, newest first. */
  list(): Promise<PipelineRun[]>;
  /** One run with its activity runs. */
  get(runId: string): Promise<RunResult | undefined>;
  cancel?(runId: string): Promise<void>;
  rerun?(runId: string, fromFailed: boolean): Promise<string | undefined>;
  /** Reads runs of the factory `runId` belongs to, with their activity runs (recording a test from a run and its child runs). */
  runFetcher?(runId: string): Promise<((id: string) => Promise<RunResult>) | undefined>;
  readonly onDidChange?: vscode.Event<void>;
}

/**
 * A local run as callers ask for it: the engine's own options (pipeline, parameters, a rerun of a run or from its
 * failed activity, a signal that cancels it from outside, and the trigger context of a triggered run: invokedBy,
 * pipelineContext, trigger, triggerBody), plus how the extension presents the run.
 */
export type StartRunOptions = Pick<
  RunOptions,
  'factory' | 'pipelineName' | 'parameters' | 'rerunOf' | 'startFromFailed' | 'signal' | 'invokedBy' | 'pipelineContext' | 'trigger' | 'triggerBody'
> & {
  /** Open the monitor on the new run (default true). */
  reveal?: boolean;
  /** Show the completion message with "Open monitor" (default true; batches such as a backfill turn it off). */
  notify?: boolean;
};

/** Starts, tracks and stores local runs; aggregates other run sources. */
export interface RunManager {
  /** Starts a local run; resolves when it finished. Rejects only for setup errors (shown to the user). */
  startLocal(opts: StartRunOptions): Promise<RunResult>;
  /** Cancels a run (local, or through its source). */
  cancel(runId: string): Promise<void>;
  /** Local runs in progress. */
  active(): readonly PipelineRun[];
  /** Recent runs of every source, newest first. */
  list(): Promise<PipelineRun[]>;
  get(runId: string): Promise<RunResult | undefined>;
  /** Latest run of a pipeline (any source), for CodeLens and tree descriptions. */
  lastRunOf(factory: Factory, pipelineName: string): PipelineRun | undefined;
  addSource(source: RunSource): vscode.Disposable;
  /** A reader of runs of the factory (in Azure) that `runId` belongs to, through its source; undefined for local runs. */
  runFetcher(runId: string): Promise<((id: string) => Promise<RunResult>) | undefined>;
  /** Shows a local run started elsewhere in this window (a debug session) like one it started; `cancel` ends it. */
  track(factory: Factory, cancel: () => void): TrackedRun;
  /** Activities a debugger holds now, by pipeline run id (a transient mark the monitor shows). */
  paused(): Record<string, string[]>;
  readonly onDidChangeRuns: vscode.Event<void>;
  readonly onRunEvent: vscode.Event<RunEvent>;
}

/** A run shown by the run manager while something else (a debug session) runs it. */
export interface TrackedRun {
  event(e: RunEvent): void;
  /** The activities held by a debugger now (empty: none). */
  paused(held: { runId: string; activityName: string }[]): void;
  ended(): void;
}

export interface AdfServices {
  extensionUri: vscode.Uri;
  index: FactoryIndex;
  runs: RunManager;
  /** The "Data Factory" log channel. */
  log: vscode.LogOutputChannel;
  /** Opens (or focuses) the run monitor, optionally on one run. */
  openMonitor(runId?: string): Promise<void>;
  /** Opens the graph view of a pipeline-like graph model beside the editor. */
  openGraph?(resource: Resource): Promise<void>;
  /** False in restricted mode; shows why when `action` is given. */
  requireTrust(action?: string): boolean;
  /** Local connection overrides (linked service name -> properties), kept in SecretStorage. */
  connections(): Promise<Record<string, Record<string, unknown>>>;
  /** Asks for a resource of a kind (quick pick), when a command got none; `preferredFile` is listed first. */
  pickResource(kind: ResourceKind, placeHolder?: string, preferredFile?: string): Promise<{ factory: Factory; resource: Resource } | undefined>;
}

/** The shape every feature area exports. */
export type RegisterFeature = (context: vscode.ExtensionContext, services: AdfServices) => void | Promise<void>;
