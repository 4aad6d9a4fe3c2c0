/**
 * The Debug Adapter Protocol adapter for pipelines (debug type `adf`), on the local engine's RunDebugger. It does
 * not import `vscode`: the extension runs it in-process (DebugAdapterInlineImplementation) and dist/debugAdapter.js
 * runs it over stdio for any DAP client.
 *
 * Launch arguments: `pipeline` (a pipeline file, or a name with `factory`), `factory` (default: the factory that
 * holds the pipeline file), `parameters`, `connections` (a connections file or an object), `mocks` (MockSpec[]),
 * `now`, `seed`, `stopOnEntry`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugSession, InitializedEvent, OutputEvent, StoppedEvent, TerminatedEvent, ExitedEvent, BreakpointEvent, Thread, StackFrame, Scope as DapScope, Source, Breakpoint } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { loadFactory, kindOfFile, type Factory } from '../../engine/model';
import { runPipeline, RunDebugger, RunStore, defaultStoreDir, loadConnections, type MockSpec, type RunResult, type RunEvent } from '../../engine/run';

export interface AdfLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  pipeline: string;
  factory?: string;
  parameters?: Record<string, unknown>;
  connections?: string | Record<string, Record<string, unknown>>;
  mocks?: MockSpec[];
  now?: string;
  seed?: number;
  stopOnEntry?: boolean;
  /** Where run records go (default: the factory's run store, .adf/runs). */
  runStore?: string;
}

/** A run of the session, as the host shows it (the run monitor): its events and which activities are held. */
export interface DebugRunObserver {
  event(e: RunEvent): void;
  /** The activities held by the debugger now, by pipeline run id (empty when the run goes on). */
  paused(held: { runId: string; activityName: string }[]): void;
  /** The run ended (or was cancelled for a restart). */
  ended(result: RunResult | undefined): void;
}

export interface AdfDebugSessionOptions {
  /** Connection overrides the host keeps (the extension's secret store), used when the launch gives none. */
  connections?: () => Promise<Record<string, Record<string, unknown>>>;
  /** Called when a run starts (each restart starts one), so the host can show it while it is being debugged. */
  observeRun?: (factory: Factory, cancel: () => void) => DebugRunObserver | undefined;
}

const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'activityFailed', label: 'Activity failed', default: false, description: 'Stop when an activity fails (after its retries).' },
  { filter: 'pipelineFailed', label: 'Pipeline failed', default: false, description: "Stop when the pipeline's result is Failed, before its run ends." },
];

/** DAP completion item types by expression completion kind. */
const COMPLETION_TYPES: Record<string, DebugProtocol.CompletionItemType> = { function: 'function', property: 'property', parameter: 'variable', variable: 'variable', activity: 'reference', keyword: 'keyword' };

/** The factory root for a pipeline file: the folder above its `pipeline/` folder. */
export function factoryRootOf(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return path.basename(dir).toLowerCase() === 'pipeline' ? path.dirname(dir) : dir;
}

export class AdfDebugSession extends DebugSession {
  private debuggerState: RunDebugger | undefined;
  private factory: Factory | undefined;
  private controller = new AbortController();
  private runDone: Promise<RunResult | undefined> | undefined;
  /** Which run of the session is current: a run cancelled for a restart ends without ending the session. */
  private generation = 0;
  private launchArgs: AdfLaunchArguments | undefined;
  private pipelineName = '';
  private connections: Record<string, Record<string, unknown>> = {};
  private store: RunStore | undefined;
  /** The breakpoints as the client set them (per file) and the ids they were given, kept for restarts. */
  private pendingLines = new Map<string, DebugProtocol.SourceBreakpoint[]>();
  private lineIds = new Map<string, number[]>();
  private pendingFunctions: DebugProtocol.FunctionBreakpoint[] = [];
  private functionIds: number[] = [];
  private stopOnFailure = false;
  private stopOnPipelineFailure = false;
  private readonly handles = new Map<number, unknown>();
  private nextHandle = 1;
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((r) => (this.configured = r));

  constructor(private readonly options: AdfDebugSessionOptions = {}) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsTerminateRequest: true,
      supportsRestartRequest: true,
      supportsRestartFrame: true,
      supportsExceptionInfoRequest: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.', '(', "'", '@'],
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured();
    this.sendResponse(response);
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, args: AdfLaunchArguments): Promise<void> {
    try {
      this.launchArgs = args;
      const { factory, pipelineName } = await this.resolveTarget(args);
      this.factory = factory;
      this.pipelineName = pipelineName;
      this.debuggerState = this.newDebugger(factory, !!args.stopOnEntry);
      // Default: the factory's connections.json, with the connections set in the host (the extension) over it.
      this.connections = typeof args.connections === 'string' ? await loadConnections(path.resolve(factory.root, args.connections)) : args.connections ?? { ...(await defaultConnections(factory.root)), ...((await this.options.connections?.()) ?? {}) };
      this.store = new RunStore(args.runStore ? path.resolve(args.runStore) : defaultStoreDir(factory.root));
      this.sendResponse(response);
      this.sendEvent(new InitializedEvent());
      await this.configurationDone;
      this.startRun({});
    } catch (e) {
      this.sendErrorResponse(response, 1001, (e as Error).message);
    }
  }

  /** A debugger for a factory with the session's breakpoints (keeping their ids) and exception settings. */
  private newDebugger(factory: Factory, stopOnEntry: boolean): RunDebugger {
    const d = new RunDebugger({ factory, stopOnEntry, stopOnActivityFailed: this.stopOnFailure, stopOnPipelineFailed: this.stopOnPipelineFailure });
    d.attach({
      stopped: (t, reason, text, hit) => {
        const ev = new StoppedEvent(reason, t.id, text) as DebugProtocol.StoppedEvent;
        ev.body.allThreadsStopped = true;
        if (hit?.length) ev.body.hitBreakpointIds = hit;
        this.sendEvent(ev);
        this.notifyPaused();
      },
      output: (text, category) => this.sendEvent(new OutputEvent(text, category)),
    });
    for (const [file, bps] of this.pendingLines) {
      const res = d.setBreakpoints(file, bps, this.lineIds.get(file));
      this.lineIds.set(file, res.map((r) => r.id));
      // A restart may have moved or dropped breakpoints (the files changed): tell the client.
      if (this.debuggerState) for (const [i, r] of res.entries()) this.sendEvent(new BreakpointEvent('changed', this.dapBreakpoint(r, bps[i].line)));
    }
    this.functionIds = d.setFunctionBreakpoints(this.pendingFunctions, this.functionIds).map((r) => r.id);
    return d;
  }

  private observer: DebugRunObserver | undefined;

  /** Tells the host which activities are held now (after a resume: the next stop's, or none). */
  private notifyPaused(): void {
    this.observer?.paused(this.debuggerState?.threads().map((x) => ({ runId: x.runId, activityName: x.activity })) ?? []);
  }

  /** Starts a run of the launched pipeline (again, for Restart; from an activity of an earlier run, for Restart Frame). */
  private startRun(rerun: { rerunOf?: RunResult; startActivityName?: string }): void {
    const d = this.debuggerState!;
    const factory = this.factory!;
    const args = this.launchArgs!;
    const gen = ++this.generation;
    this.controller = new AbortController();
    const controller = this.controller;
    const observer = this.options.observeRun?.(factory, () => {
      if (gen === this.generation) this.cancel();
    });
    this.observer = observer;
    this.runDone = runPipeline({
      factory,
      pipelineName: this.pipelineName,
      parameters: args.parameters ?? {},
      connections: this.connections,
      mocks: args.mocks ?? [],
      now: args.now,
      seed: args.seed,
      signal: controller.signal,
      store: this.store,
      debug: d,
      ...(rerun.rerunOf ? { rerunOf: rerun.rerunOf, startActivityName: rerun.startActivityName } : {}),
      onEvent: (e) => {
        observer?.event(e);
        if (e.type === 'activityStarted' && gen === this.generation) this.notifyPaused();
        if (e.type === 'activityFinished' && e.activityRun.status === 'Failed') this.sendEvent(new OutputEvent(`${e.activityRun.pipelineName} › ${e.activityRun.activityName}: Failed: ${e.activityRun.error?.message ?? ''}\n`, 'stderr'));
      },
    }).then(
      (r) => {
        observer?.paused([]);
        observer?.ended(r);
        const current = gen === this.generation;
        if (current) d.end();
        this.sendEvent(new OutputEvent(`Pipeline '${r.pipelineRun.pipelineName}' ${r.pipelineRun.status} (run ${r.pipelineRun.runId})${r.pipelineRun.message ? `: ${r.pipelineRun.message}` : ''}${current ? '' : ' — restarted'}\n`, r.pipelineRun.status === 'Succeeded' || !current ? 'console' : 'stderr'));
        if (current) {
          this.sendEvent(new ExitedEvent(r.pipelineRun.status === 'Succeeded' ? 0 : 1));
          this.sendEvent(new TerminatedEvent());
        }
        return r;
      },
      (e: Error) => {
        observer?.paused([]);
        observer?.ended(undefined);
        this.sendEvent(new OutputEvent(`${e.message}\n`, 'stderr'));
        if (gen === this.generation) {
          d.end();
          this.sendEvent(new TerminatedEvent());
        }
        return undefined;
      },
    );
  }

  /** Ends the current run (its record says Cancelled) without ending the session, and waits for its record. */
  private async cancelForRestart(): Promise<RunResult | undefined> {
    this.generation++;
    this.controller.abort(new Error('The run was restarted from the debugger.'));
    this.debuggerState?.end();
    return this.runDone;
  }

  protected async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    let cancelled = false;
    try {
      if (!this.launchArgs || !this.debuggerState) throw new Error('Nothing to restart: the pipeline has not been launched.');
      cancelled = true;
      await this.cancelForRestart();
      // The (possibly edited) launch configuration and pipeline files are read again.
      const next = { ...this.launchArgs, ...((args?.arguments as Partial<AdfLaunchArguments> | undefined) ?? {}) } as AdfLaunchArguments;
      const { factory, pipelineName } = await this.resolveTarget(next);
      this.launchArgs = next;
      this.factory = factory;
      this.pipelineName = pipelineName;
      this.debuggerState = this.newDebugger(factory, !!next.stopOnEntry);
      this.handles.clear();
      this.sendResponse(response);
      this.startRun({});
    } catch (e) {
      this.sendErrorResponse(response, 1004, (e as Error).message);
      // The run was ended and no other started (e.g. the pipeline file is gone): the session ends too.
      if (cancelled) this.sendEvent(new TerminatedEvent());
    }
  }

  protected async restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): Promise<void> {
    let cancelled = false;
    try {
      const d = this.debuggerState;
      if (!d) throw new Error('No pipeline is being debugged.');
      const threadId = Math.floor(args.frameId / 1000);
      const target = d.restartTarget(threadId, args.frameId % 1000);
      // Rerun from activity: the run so far is cancelled and recorded, and the rerun reuses what it finished.
      cancelled = true;
      const previous = await this.cancelForRestart();
      if (!previous) throw new Error('The run could not be restarted: it ended without a record.');
      d.reset(target.stopAt);
      this.handles.clear();
      this.sendResponse(response);
      this.startRun({ rerunOf: previous, startActivityName: target.startActivityName });
    } catch (e) {
      this.sendErrorResponse(response, 1005, (e as Error).message);
      if (cancelled) this.sendEvent(new TerminatedEvent());
    }
  }

  private async resolveTarget(args: AdfLaunchArguments): Promise<{ factory: Factory; pipelineName: string }> {
    if (!args.pipeline) throw new Error('The launch configuration needs "pipeline": a pipeline file (pipeline/Name.json) or, with "factory", a pipeline name.');
    const looksLikeFile = /\.json$/i.test(args.pipeline) || args.pipeline.includes('/') || args.pipeline.includes('\\');
    if (looksLikeFile) {
      const file = path.resolve(args.factory ?? '', args.pipeline);
      if (!fs.existsSync(file)) throw new Error(`"pipeline": ${file} does not exist.`);
      if (kindOfFile(file) !== 'pipeline') throw new Error(`"pipeline": ${file} is not in a factory's pipeline/ folder.`);
      const root = args.factory ? path.resolve(args.factory) : factoryRootOf(file);
      const factory = await loadFactory(root);
      const res = [...factory.resources.pipeline.values()].find((r) => path.resolve(r.file) === file);
      if (!res) throw new Error(`"pipeline": ${file} is not a pipeline of the factory at ${root} (set "factory" to the factory's folder).`);
      return { factory, pipelineName: res.name };
    }
    if (!args.factory) throw new Error(`"pipeline" is the name '${args.pipeline}': give "factory" (the factory's folder) too, or give the pipeline's file.`);
    const factory = await loadFactory(path.resolve(args.factory));
    return { factory, pipelineName: args.pipeline };
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source.path ? path.resolve(args.source.path) : '';
    const bps = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    let result;
    this.pendingLines.set(file, bps);
    if (this.debuggerState) {
      result = this.debuggerState.setBreakpoints(file, bps);
      this.lineIds.set(file, result.map((r) => r.id));
    } else {
      // Verified at launch, when the factory is loaded.
      result = bps.map((b, i) => ({ id: -1 - i, verified: false, line: b.line, message: 'Verified when the pipeline starts.' }));
    }
    response.body = { breakpoints: result.map((r, i) => this.dapBreakpoint(r, bps[i].line)) };
    this.sendResponse(response);
  }

  private dapBreakpoint(r: { id: number; verified: boolean; line?: number; message?: string }, line: number): DebugProtocol.Breakpoint {
    const b = new Breakpoint(r.verified, r.line ?? line) as DebugProtocol.Breakpoint;
    if (r.id > 0) b.id = r.id;
    if (r.message) b.message = r.message;
    return b;
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.pendingFunctions = args.breakpoints;
    const result = this.debuggerState?.setFunctionBreakpoints(args.breakpoints) ?? args.breakpoints.map(() => ({ id: -1, verified: false, message: 'Verified when the pipeline starts.' }));
    this.functionIds = result.map((r) => r.id);
    response.body = { breakpoints: result.map((r) => ({ verified: r.verified, ...(r.id > 0 ? { id: r.id } : {}), ...(r.message ? { message: r.message } : {}) })) };
    this.sendResponse(response);
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.stopOnFailure = args.filters.includes('activityFailed');
    this.stopOnPipelineFailure = args.filters.includes('pipelineFailed');
    if (this.debuggerState) {
      this.debuggerState.stopOnActivityFailed = this.stopOnFailure;
      this.debuggerState.stopOnPipelineFailed = this.stopOnPipelineFailure;
    }
    this.sendResponse(response);
  }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const held = this.debuggerState?.threads() ?? [];
    response.body = { threads: held.length ? held.map((t) => new Thread(t.id, t.name)) : [new Thread(1, 'Pipeline run')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const t = this.debuggerState?.thread(args.threadId);
    const frames = (t?.frames ?? []).map((f, i) => {
      const frame = new StackFrame(args.threadId * 1000 + i, `${f.name} (${f.pipeline})`, new Source(path.basename(f.file), f.file), f.line, 1) as DebugProtocol.StackFrame;
      frame.canRestart = true;
      return frame;
    });
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const threadId = Math.floor(args.frameId / 1000);
    const scopes = this.debuggerState?.scopes(threadId) ?? [];
    response.body = {
      scopes: scopes.map((s) => {
        const ref = this.handle({ threadId, scope: s.name, value: s.values });
        return new DapScope(s.name, ref, s.name === 'Activity outputs' || s.name === 'System');
      }),
    };
    this.sendResponse(response);
  }

  private handle(v: unknown): number {
    const id = this.nextHandle++;
    this.handles.set(id, v);
    return id;
  }

  private toVariable(name: string, value: unknown): DebugProtocol.Variable {
    const expandable = value !== null && typeof value === 'object';
    const text = value === undefined ? 'undefined' : typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? `Array(${value.length})` : expandable ? summary(value as Record<string, unknown>) : JSON.stringify(value);
    return { name, value: text, variablesReference: expandable ? this.handle({ value }) : 0 };
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const h = this.handles.get(args.variablesReference) as { value: unknown } | undefined;
    const v = h?.value;
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : v && typeof v === 'object' ? Object.entries(v) : [];
    response.body = { variables: entries.map(([k, x]) => this.toVariable(k, x)) };
    this.sendResponse(response);
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const h = this.handles.get(args.variablesReference) as { threadId?: number; scope?: string } | undefined;
    try {
      if (!h?.threadId || h.scope !== 'Variables') throw new Error('Only pipeline variables (the Variables scope) can be set.');
      const value = this.debuggerState!.setVariable(h.threadId, args.name, args.value);
      const v = this.toVariable(args.name, value);
      response.body = { value: v.value, variablesReference: v.variablesReference };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, 1002, (e as Error).message);
    }
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    try {
      const threadId = args.frameId !== undefined ? Math.floor(args.frameId / 1000) : undefined;
      if (!this.debuggerState) throw new Error('No pipeline is being debugged.');
      if (args.context === 'hover' && !/^@|@\{/.test(args.expression.trim())) throw new Error('Hover shows the value of an expression starting with @.');
      const value = this.debuggerState.evaluate(threadId, args.expression);
      const v = this.toVariable('', value);
      response.body = { result: v.value, variablesReference: v.variablesReference };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, 1003, (e as Error).message);
    }
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const t = this.debuggerState?.thread(args.threadId);
    if (!t?.exception) return this.sendErrorResponse(response, 1006, 'This thread did not stop on a failure.');
    const { kind, error } = t.exception;
    response.body = {
      exceptionId: error.errorCode || (kind === 'pipelineFailed' ? 'PipelineFailed' : 'ActivityFailed'),
      description: kind === 'pipelineFailed' ? `Pipeline '${t.pipeline}' failed: ${error.target ? `activity '${error.target}': ` : ''}${error.message}` : `Activity '${t.activity}' failed: ${error.message}`,
      breakMode: 'always',
      details: { message: error.message, typeName: error.failureType, ...(error.target ? { source: error.target } : {}), evaluateName: error.target ? `activity('${error.target.replace(/'/g, "''")}').error` : undefined },
    };
    this.sendResponse(response);
  }

  protected completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const threadId = args.frameId !== undefined ? Math.floor(args.frameId / 1000) : undefined;
    // The items' ranges are 0-based offsets in the text; the client says whether its columns start at 0 or 1.
    const items = this.debuggerState?.completions(threadId, args.text, Math.max(0, this.convertClientColumnToDebugger(args.column) - 1)) ?? [];
    response.body = {
      targets: items.map((c) => {
        const text = c.snippet ? c.insertText.replace(/\$\d/g, '') : c.insertText;
        const caret = c.snippet ? c.insertText.indexOf('$1') : -1;
        return { label: c.label, text, type: COMPLETION_TYPES[c.kind], start: this.convertDebuggerColumnToClient(c.range.offset + 1), length: c.range.length, ...(c.detail ? { detail: c.detail } : {}), ...(c.sortText ? { sortText: c.sortText } : {}), ...(caret >= 0 ? { selectionStart: caret, selectionLength: 0 } : {}) };
      }),
    };
    this.sendResponse(response);
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.handles.clear();
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.debuggerState?.continue();
    this.notifyPaused();
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.handles.clear();
    this.sendResponse(response);
    this.debuggerState?.next(args.threadId);
    this.notifyPaused();
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.handles.clear();
    this.sendResponse(response);
    this.debuggerState?.stepIn(args.threadId);
    this.notifyPaused();
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.handles.clear();
    this.sendResponse(response);
    this.debuggerState?.stepOut(args.threadId);
    this.notifyPaused();
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.debuggerState?.pause();
    this.sendResponse(response);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.cancel();
    this.sendResponse(response);
  }

  protected async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    // Ending the session mid-run cancels the run: its record says Cancelled, as a cancelled normal run's does.
    this.cancel();
    await this.runDone;
    this.sendResponse(response);
  }

  private cancel(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error('The debug session ended.'));
    this.debuggerState?.end();
  }
}

async function defaultConnections(root: string): Promise<Record<string, Record<string, unknown>>> {
  const file = path.join(root, 'connections.json');
  return fs.existsSync(file) ? loadConnections(file) : {};
}

function summary(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  return `{${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}}`;
}
