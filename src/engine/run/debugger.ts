/**
 * A pipeline debugger over the local engine (RunOptions.debug): breakpoints on activities (by name, or by a line
 * of the pipeline's JSON), conditions, hit counts and logpoints in ADF's expression language, stops when an
 * activity fails, stepping (over/into/out), pause, and the state of a stopped activity (parameters, variables,
 * system variables, item(), outputs of finished activities) with evaluation and Set Variable. It never changes
 * what the engine records: it only holds an activity before its record is created.
 *
 * Model: all-stop. When one activity stops, every other activity that reaches its start waits too; activities
 * already running go on to their end. Each held activity is a "thread".
 */
import type { Factory, Resource } from '../model/types';
import type { ActivityError, ActivityRunStatus } from '../contracts/types';
import type { ScopeOutcome } from './status';
import type { ActivityDef, DebugHook, ExprContext, PipelineRunApi, Scope } from './context';
import { findResource, innerActivityLists } from '../model';
import { nodeAt, type JsonPath } from '../json';
import { evaluateIn } from './expression';
import { completeExpressionIn, type ExprCompletion } from '../expr';

export interface ActivityLocation {
  pipeline: string;
  file: string;
  /** 1-based first and last line of the activity's JSON object. */
  line: number;
  endLine: number;
  /** Names of the enclosing containers, outermost first, then the activity. */
  names: string[];
  def: ActivityDef;
  /** JSON path of the activity object in the pipeline file. */
  path: JsonPath;
}

export interface SourceBreakpoint {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface VerifiedBreakpoint {
  id: number;
  verified: boolean;
  /** The first line of the activity the breakpoint stops at. */
  line?: number;
  message?: string;
}

export interface FunctionBreakpoint {
  name: string;
  condition?: string;
  hitCondition?: string;
}

export type StopReason = 'breakpoint' | 'step' | 'pause' | 'entry' | 'exception' | 'function breakpoint' | 'restart';

export interface StackFrameInfo {
  name: string;
  file: string;
  line: number;
  pipeline: string;
  /** The activity of the frame (the held one, an enclosing container, or an ExecutePipeline). */
  def?: ActivityDef;
}

export interface DebugThread {
  id: number;
  name: string;
  activity: string;
  pipeline: string;
  runId: string;
  frames: StackFrameInfo[];
  /** Why it stopped; undefined while it only waits for the others (all-stop). */
  reason?: StopReason;
  /** A stop of its own (a breakpoint hit while another activity was stopped), reported when the user resumes. */
  pending?: { reason: StopReason; text?: string; hit: number[] };
  /** For a failed activity: its status. */
  status?: ActivityRunStatus;
  /** For an exception stop: the error (activity failed, pipeline failed). */
  exception?: { kind: 'activityFailed' | 'pipelineFailed'; error: ActivityError };
  scope: Scope;
  run: PipelineRunApi;
}

export interface DebugEvents {
  stopped(thread: DebugThread, reason: StopReason, text?: string, hitBreakpointIds?: number[]): void;
  output(text: string, category: 'console' | 'stdout' | 'stderr'): void;
}

interface Bp {
  id: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  hits: number;
}

type StepMode = { kind: 'over' | 'into' | 'out'; lineage: object[] } | undefined;

interface Waiter {
  thread: DebugThread;
  release: () => void;
}

/** Locations of every activity (nested ones too) of a pipeline file, by the activity objects the engine runs. */
export function activityLocations(res: Resource): ActivityLocation[] {
  const out: ActivityLocation[] = [];
  const walk = (list: unknown, path: JsonPath, names: string[], depth: number) => {
    if (!Array.isArray(list) || depth > 16) return;
    list.forEach((a: ActivityDef, i) => {
      if (!a || typeof a !== 'object') return;
      const p = [...path, i];
      const node = nodeAt(res.doc, p);
      if (node) {
        const s = res.doc.lines.position(node.offset);
        const e = res.doc.lines.position(node.offset + node.length);
        out.push({ pipeline: res.name, file: res.file, line: s.line, endLine: e.line, names: [...names, a.name], def: a, path: p });
      }
      for (const inner of innerActivityLists(a)) walk(inner.list, [...p, ...inner.path], [...names, a.name], depth + 1);
    });
  };
  walk(res.properties.activities, ['properties', 'activities'], [], 0);
  return out;
}

/** The innermost activity whose JSON object holds a line (1-based), or undefined. */
export function activityAtLine(locations: ActivityLocation[], line: number): ActivityLocation | undefined {
  let best: ActivityLocation | undefined;
  for (const l of locations) if (l.line <= line && line <= l.endLine && (!best || l.names.length > best.names.length)) best = l;
  return best;
}

/** Whether a hit count meets a hit condition: "N" (the N-th hit), ">= N", "> N", "== N", "< N", "<= N", "% N". */
export function hitConditionMet(cond: string, hits: number): boolean {
  const m = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m) throw new Error(`Hit condition '${cond}' is not understood: write a number (stop at that hit), or >= N, > N, == N, < N, <= N, % N.`);
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return hits >= n;
    case '>': return hits > n;
    case '<': return hits < n;
    case '<=': return hits <= n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits === n;
  }
}

/** An expression as typed in a debugger (with or without the leading '@'). */
function asExpression(text: string): string {
  const t = text.trim();
  return t.startsWith('@') ? t : `@${t}`;
}

export interface RunDebuggerOptions {
  factory: Factory;
  stopOnEntry?: boolean;
  /** Stop when an activity fails ("exception" breakpoint). */
  stopOnActivityFailed?: boolean;
  /** Stop when the debugged pipeline's result is Failed, before its run ends ("exception" breakpoint). */
  stopOnPipelineFailed?: boolean;
}

export class RunDebugger implements DebugHook {
  private readonly factory: Factory;
  private readonly locations = new Map<string, ActivityLocation[]>();
  private readonly byDef = new WeakMap<object, ActivityLocation>();
  private readonly lineBps = new WeakMap<object, Bp>();
  private readonly fileBps = new Map<string, ActivityDef[]>();
  private functionBps = new Map<string, Bp>();
  private nextBpId = 1;
  private nextThreadId = 2;
  private readonly scopeIds = new WeakMap<object, number>();
  /** ExecutePipeline activity run id -> where it ran (to continue the stack into the child run). */
  private readonly callers = new Map<string, { run: PipelineRunApi; def: ActivityDef; scope: Scope }>();
  private waiters: Waiter[] = [];
  private stoppedAll = false;
  private step: StepMode;
  private pauseRequested: boolean;
  stopOnActivityFailed: boolean;
  stopOnPipelineFailed: boolean;
  /** Restart Frame: the activity to stop at (once) in the rerun. */
  private restartAt: ActivityDef | undefined;
  private events: DebugEvents | undefined;
  /** Set when the run ends or is abandoned: nothing is held any more. */
  private finished = false;

  constructor(opts: RunDebuggerOptions) {
    this.factory = opts.factory;
    this.pauseRequested = !!opts.stopOnEntry;
    this.stopOnActivityFailed = !!opts.stopOnActivityFailed;
    this.stopOnPipelineFailed = !!opts.stopOnPipelineFailed;
  }

  attach(events: DebugEvents): void {
    this.events = events;
  }

  // ---------------------------------------------------------------- breakpoints

  /** The activity locations of a pipeline, by pipeline name. */
  locationsOf(pipelineName: string): ActivityLocation[] {
    let l = this.locations.get(pipelineName);
    if (!l) {
      const res = findResource(this.factory, 'pipeline', pipelineName);
      l = res ? activityLocations(res) : [];
      for (const x of l) this.byDef.set(x.def, x);
      this.locations.set(pipelineName, l);
    }
    return l;
  }

  private pipelineOfFile(file: string): Resource | undefined {
    const norm = (f: string) => f.replace(/\\/g, '/').toLowerCase();
    for (const r of this.factory.resources.pipeline.values()) if (norm(r.file) === norm(file)) return r;
    return undefined;
  }

  /** Replaces the breakpoints of a pipeline file; each is moved to the first line of the activity it is in. */
  setBreakpoints(file: string, bps: SourceBreakpoint[], ids?: number[]): VerifiedBreakpoint[] {
    for (const d of this.fileBps.get(file) ?? []) this.lineBps.delete(d);
    const res = this.pipelineOfFile(file);
    const defs: ActivityDef[] = [];
    const out = bps.map((b, i): VerifiedBreakpoint => {
      const id = this.takeId(ids?.[i]);
      if (!res) return { id, verified: false, message: `${file} is not a pipeline of factory '${this.factory.name}' (${this.factory.root}).` };
      const loc = activityAtLine(this.locationsOf(res.name), b.line);
      if (!loc) return { id, verified: false, message: `Line ${b.line} is not inside an activity: set the breakpoint on a line of an activity's JSON object.` };
      if (b.hitCondition) {
        try {
          hitConditionMet(b.hitCondition, 1);
        } catch (e) {
          return { id, verified: false, message: (e as Error).message };
        }
      }
      this.lineBps.set(loc.def, { id, condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage, hits: 0 });
      defs.push(loc.def);
      return { id, verified: true, line: loc.line };
    });
    this.fileBps.set(file, defs);
    return out;
  }

  /** Replaces the breakpoints by activity name (every activity of that name, in any pipeline). */
  setFunctionBreakpoints(bps: FunctionBreakpoint[], ids?: number[]): VerifiedBreakpoint[] {
    this.functionBps = new Map();
    return bps.map((b, i) => {
      const id = this.takeId(ids?.[i]);
      const known = [...this.factory.resources.pipeline.values()].some((r) => this.locationsOf(r.name).some((l) => l.def.name === b.name));
      if (!known) return { id, verified: false, message: `No pipeline of factory '${this.factory.name}' has an activity named '${b.name}'.` };
      this.functionBps.set(b.name, { id, condition: b.condition, hitCondition: b.hitCondition, hits: 0 });
      return { id, verified: true };
    });
  }

  /** A breakpoint id: the given one (a breakpoint set again in a restarted session keeps its id), else a new one. */
  private takeId(given: number | undefined): number {
    if (given !== undefined && given > 0) {
      this.nextBpId = Math.max(this.nextBpId, given + 1);
      return given;
    }
    return this.nextBpId++;
  }

  /**
   * Makes the debugger ready for another run of the same factory (Restart Frame): breakpoints stay, hit counts
   * start again, and the rerun stops (reason 'restart') when it reaches `stopAt`.
   */
  reset(stopAt?: ActivityDef): void {
    this.finished = false;
    this.releaseAll();
    this.step = undefined;
    this.pauseRequested = false;
    this.stoppedOnce = false;
    this.callers.clear();
    for (const defs of this.fileBps.values()) for (const d of defs) {
      const bp = this.lineBps.get(d);
      if (bp) bp.hits = 0;
    }
    for (const bp of this.functionBps.values()) bp.hits = 0;
    this.restartAt = stopAt;
  }

  // ---------------------------------------------------------------- the engine's hook

  async beforeActivity(run: PipelineRunApi, def: ActivityDef, scope: Scope): Promise<void> {
    if (this.finished || run.signal.aborted) return;
    const thread = this.threadFor(run, def, scope);
    let reason: StopReason | undefined;
    let text: string | undefined;
    const hit: number[] = [];
    for (const [bp, kind] of [[this.lineBps.get(def), 'breakpoint'], [this.functionBps.get(def.name), 'function breakpoint']] as const) {
      if (!bp) continue;
      const r = this.check(bp, run, scope, def);
      if (r === 'stop') {
        reason ??= kind;
        hit.push(bp.id);
      } else if (r && r !== 'no') {
        reason ??= kind;
        text = r;
        hit.push(bp.id);
      }
    }
    if (this.restartAt === def) {
      // Restart Frame: the rerun stops here first, whatever breakpoint is on the activity too.
      this.restartAt = undefined;
      reason = 'restart';
    }
    if (!reason && this.pauseRequested) reason = this.stoppedOnce ? 'pause' : 'entry';
    if (!reason && this.step && this.stepMatches(this.lineage(run, scope))) reason = 'step';
    if (!reason && !this.stoppedAll) return;
    if (reason) {
      this.pauseRequested = false;
      this.step = undefined;
    }
    await this.hold(thread, reason, text, hit);
  }

  activityStarted(run: PipelineRunApi, def: ActivityDef, scope: Scope, activityRunId: string): void {
    if (String(def.type).toLowerCase() === 'executepipeline') this.callers.set(activityRunId, { run, def, scope });
  }

  async activityFinished(run: PipelineRunApi, def: ActivityDef, scope: Scope, status: ActivityRunStatus): Promise<void> {
    if (this.finished || status !== 'Failed' || !this.stopOnActivityFailed || run.signal.aborted) return;
    const thread = this.threadFor(run, def, scope);
    thread.status = status;
    const r = scope.results.get(def.name);
    const err = r?.error ?? r?.failure;
    if (err) thread.exception = { kind: 'activityFailed', error: err };
    await this.hold(thread, 'exception', `Activity '${def.name}' failed${err ? `: ${err.message}` : ''}`, []);
  }

  /** "Pipeline failed": the debugged (top-level) pipeline's result is Failed; stops at its failing activity. */
  async pipelineFinished(run: PipelineRunApi, root: Scope, outcome: ScopeOutcome & { errors: ActivityError[] }): Promise<void> {
    if (this.finished || outcome.status !== 'Failed' || !this.stopOnPipelineFailed || run.signal.aborted) return;
    if (this.callers.has(run.invokedBy.id)) return;
    const error = outcome.errors[0] ?? { errorCode: 'PipelineFailed', message: 'The pipeline failed.', failureType: 'UserError', target: run.pipelineName };
    const failing = outcome.failed[0] ?? error.target;
    const def = this.locationsOf(run.pipelineName).find((l) => l.names.length === 1 && l.def.name === failing)?.def ?? ({ name: failing ?? run.pipelineName, type: 'Pipeline' } as ActivityDef);
    const thread = this.threadFor(run, def, root);
    thread.status = 'Failed';
    thread.exception = { kind: 'pipelineFailed', error };
    const more = outcome.errors.length > 1 ? ` (and ${outcome.errors.length - 1} more failed activit${outcome.errors.length > 2 ? 'ies' : 'y'})` : '';
    await this.hold(thread, 'exception', `Pipeline '${run.pipelineName}' failed: activity '${error.target ?? failing}' failed: ${error.message}${more}`, []);
  }

  private stoppedOnce = false;

  /** 'no', 'stop', or an error text (a condition that cannot be evaluated stops, saying why). Logpoints log. */
  private check(bp: Bp, run: PipelineRunApi, scope: Scope, def: ActivityDef): 'no' | 'stop' | string {
    const ctx = () => run.exprContext(scope);
    if (bp.condition?.trim()) {
      let v: unknown;
      try {
        v = evaluateIn(asExpression(bp.condition), ctx);
      } catch (e) {
        return `The breakpoint condition '${bp.condition}' on '${def.name}' could not be evaluated: ${(e as Error).message}`;
      }
      if (v !== true) return 'no';
    }
    bp.hits++;
    if (bp.hitCondition && !hitConditionMet(bp.hitCondition, bp.hits)) return 'no';
    if (bp.logMessage !== undefined) {
      let msg: string;
      try {
        const v = evaluateIn(bp.logMessage, ctx);
        msg = typeof v === 'string' ? v : JSON.stringify(v);
      } catch (e) {
        msg = `${bp.logMessage} (${(e as Error).message})`;
      }
      this.events?.output(`${msg}\n`, 'console');
      return 'no';
    }
    return 'stop';
  }

  private hold(thread: DebugThread, reason: StopReason | undefined, text: string | undefined, hit: number[]): Promise<void> {
    return new Promise<void>((resolve) => {
      const onAbort = () => this.releaseOne(thread.id);
      thread.reason = reason;
      this.waiters.push({
        thread,
        release: () => {
          thread.run.signal.removeEventListener('abort', onAbort);
          resolve();
        },
      });
      thread.run.signal.addEventListener('abort', onAbort, { once: true });
      if (reason && this.reported) {
        // Already stopped elsewhere: this stop is reported when the user resumes (one stop at a time).
        thread.pending = { reason, text, hit };
        thread.reason = undefined;
      } else if (reason) this.report(thread, reason, text, hit);
    });
  }

  /** The thread reported as stopped now. */
  private reported: DebugThread | undefined;

  private report(thread: DebugThread, reason: StopReason, text: string | undefined, hit: number[]): void {
    this.stoppedAll = true;
    this.stoppedOnce = true;
    this.reported = thread;
    thread.reason = reason;
    this.events?.stopped(thread, reason, text, hit);
  }

  /** Resumes every held activity except `keep`, which becomes the next stop. */
  private resumeAllBut(keep: Waiter, reason: StopReason, text?: string, hit: number[] = []): void {
    this.waiters = this.waiters.filter((w) => w !== keep);
    this.releaseAll();
    this.waiters.push(keep);
    keep.thread.pending = undefined;
    this.report(keep.thread, reason, text, hit);
  }

  /** A held activity whose own breakpoint was hit while another was stopped, if any. */
  private pendingStop(): Waiter | undefined {
    return this.waiters.find((w) => w.thread.pending && w.thread !== this.reported);
  }

  private releaseOne(threadId: number): void {
    const i = this.waiters.findIndex((w) => w.thread.id === threadId);
    if (i >= 0) this.waiters.splice(i, 1)[0].release();
  }

  private releaseAll(): void {
    this.stoppedAll = false;
    this.reported = undefined;
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) x.release();
  }

  // ---------------------------------------------------------------- control

  continue(): void {
    this.step = undefined;
    const p = this.pendingStop();
    if (p) return this.resumeAllBut(p, p.thread.pending!.reason, p.thread.pending!.text, p.thread.pending!.hit);
    this.releaseAll();
  }

  /** Step over: the next activity in the same scope as the stopped one (or, when that scope ends, in an outer one). */
  next(threadId: number): void {
    this.stepFrom(threadId, 'over');
  }

  /** Step into: the next activity inside the stopped one (a container's or a child pipeline's), else as step over. */
  stepIn(threadId: number): void {
    this.stepFrom(threadId, 'into');
  }

  /** Step out: the next activity of an enclosing scope. */
  stepOut(threadId: number): void {
    this.stepFrom(threadId, 'out');
  }

  pause(): void {
    this.pauseRequested = true;
  }

  /** The run ended or the session is over: release everything and stop holding activities. */
  end(): void {
    this.finished = true;
    this.releaseAll();
  }

  private stepFrom(threadId: number, kind: 'over' | 'into' | 'out'): void {
    const t = this.thread(threadId);
    this.step = t ? { kind, lineage: this.lineage(t.run, t.scope) } : undefined;
    // A held activity whose breakpoint was hit meanwhile stops first; else one already waiting (held by the
    // all-stop) that the step reaches is the next one.
    const p = this.pendingStop();
    if (p) {
      this.step = undefined;
      return this.resumeAllBut(p, p.thread.pending!.reason, p.thread.pending!.text, p.thread.pending!.hit);
    }
    const next = this.step && this.waiters.find((w) => w.thread.id !== threadId && this.stepMatches(this.lineage(w.thread.run, w.thread.scope)));
    if (!next) return this.releaseAll();
    this.step = undefined;
    this.resumeAllBut(next, 'step');
  }

  /** The scopes from the top-level run's down to this one (through ExecutePipeline), as identities. */
  private lineage(run: PipelineRunApi, scope: Scope): object[] {
    const out: object[] = [];
    let r: PipelineRunApi | undefined = run;
    let s: Scope | undefined = scope;
    while (r && s) {
      const part: object[] = [];
      for (let x: Scope | undefined = s; x; x = x.parent) part.unshift(x);
      out.unshift(...part);
      const caller = this.callers.get(r.invokedBy.id);
      if (!caller) break;
      out.unshift(caller.def);
      r = caller.run;
      s = caller.scope;
    }
    return out;
  }

  private stepMatches(target: object[]): boolean {
    const step = this.step!;
    const from = step.lineage;
    const isPrefix = (a: object[], b: object[]) => a.length <= b.length && a.every((x, i) => x === b[i]);
    if (step.kind === 'out') return target.length < from.length && isPrefix(target, from);
    if (step.kind === 'over') return isPrefix(target, from);
    return isPrefix(target, from) || isPrefix(from, target);
  }

  // ---------------------------------------------------------------- state

  private threadFor(run: PipelineRunApi, def: ActivityDef, scope: Scope): DebugThread {
    const id = this.nextThreadId++;
    return { id, name: this.threadName(run, def, scope), activity: def.name, pipeline: run.pipelineName, runId: run.runId, frames: this.frames(run, def, scope), scope, run };
  }

  private threadName(run: PipelineRunApi, def: ActivityDef, scope: Scope): string {
    if (scope.iteration !== undefined && scope.hasItem) {
      // The innermost ForEach: the last container whose name is on the scope chain with an item.
      let s: Scope = scope;
      while (s.parent && s.parent.iteration === scope.iteration && s.parent.hasItem) s = s.parent;
      const loop = s.parents[s.parents.length - 1] ?? 'ForEach';
      return `${loop} #${scope.iteration + 1} (item: ${preview(scope.item)}) › ${def.name}`;
    }
    return `${run.pipelineName} › ${def.name}`;
  }

  private frames(run: PipelineRunApi, def: ActivityDef, scope: Scope): StackFrameInfo[] {
    const out: StackFrameInfo[] = [];
    let r: PipelineRunApi | undefined = run;
    let d: ActivityDef | undefined = def;
    let s: Scope | undefined = scope;
    while (r && d && s) {
      const locs = this.locationsOf(r.pipelineName);
      const here = this.byDef.get(d) ?? locs.find((l) => l.def.name === d!.name);
      const file = here?.file ?? findResource(this.factory, 'pipeline', r.pipelineName)?.file ?? '';
      out.push({ name: `${d.name}${s.iteration !== undefined && s.hasItem ? ` [#${s.iteration + 1}]` : ''}`, file, line: here?.line ?? 1, pipeline: r.pipelineName, def: d });
      // The enclosing containers, innermost first.
      const names = here?.names ?? [...s.parents, d.name];
      for (let k = names.length - 2; k >= 0; k--) {
        const prefix = names.slice(0, k + 1).join('\u0000');
        const c = locs.find((l) => l.names.join('\u0000') === prefix);
        out.push({ name: names[k], file, line: c?.line ?? 1, pipeline: r.pipelineName, ...(c ? { def: c.def } : {}) });
      }
      const caller = this.callers.get(r.invokedBy.id);
      if (!caller) break;
      // The caller's own frame is pushed by the next round (its activity and containers).
      r = caller.run;
      d = caller.def;
      s = caller.scope;
    }
    return out;
  }

  /** The threads held now (the stopped one and those waiting because of it). */
  threads(): DebugThread[] {
    return this.waiters.map((w) => w.thread);
  }

  thread(id: number): DebugThread | undefined {
    return this.waiters.find((w) => w.thread.id === id)?.thread;
  }

  /**
   * Restart Frame: the top-level activity of the debugged pipeline to rerun from (every frame of a stack lies in
   * one; ADF reruns from top-level activities) and the activity of the chosen frame, to stop at in the rerun.
   */
  restartTarget(threadId: number, frameIndex: number): { startActivityName: string; stopAt?: ActivityDef } {
    const t = this.thread(threadId);
    if (!t || !t.frames.length) throw new Error('The run is not stopped at an activity.');
    const top = t.frames[t.frames.length - 1];
    const frame = t.frames[Math.max(0, Math.min(frameIndex, t.frames.length - 1))];
    return { startActivityName: top.def?.name ?? top.name, stopAt: frame.def };
  }

  /** Completion of an expression typed in the Debug Console, in the scope of the held activity ('@' optional). */
  completions(threadId: number | undefined, text: string, offset: number): ExprCompletion[] {
    const t = threadId !== undefined ? this.thread(threadId) : this.waiters.find((w) => w.thread.reason)?.thread;
    const res = t ? findResource(this.factory, 'pipeline', t.pipeline) : undefined;
    const loc = t && res ? this.locationsOf(res.name).find((l) => l.def.name === t.activity && (t.frames[0]?.def === undefined || l.def === t.frames[0].def)) : undefined;
    const path: JsonPath = loc?.path ?? ['properties', 'activities'];
    const bare = !text.trimStart().startsWith('@');
    const value = bare ? `@${text}` : text;
    const shift = bare ? 1 : 0;
    return completeExpressionIn(res?.json, path, value, offset + shift).map((c) => ({ ...c, range: { offset: c.range.offset - shift, length: c.range.length } }));
  }

  /** The state of a held activity, by scope (the Variables view). */
  scopes(threadId: number): { name: string; values: Record<string, unknown> }[] {
    const t = this.thread(threadId);
    if (!t) return [];
    const ctx = t.run.exprContext(t.scope);
    const out: { name: string; values: Record<string, unknown> }[] = [
      { name: 'Parameters', values: { ...(ctx.parameters ?? {}) } },
      { name: 'Variables', values: { ...(ctx.variables ?? {}) } },
      { name: 'System', values: { 'pipeline()': ctx.pipeline ?? {}, ...(ctx.trigger ? { 'trigger()': ctx.trigger } : {}), ...(ctx.globalParameters && Object.keys(ctx.globalParameters).length ? { globalParameters: ctx.globalParameters } : {}) } },
    ];
    if (ctx.hasItem) out.push({ name: 'Item', values: { 'item()': ctx.item } });
    const acts: Record<string, unknown> = {};
    for (const [name, a] of Object.entries(ctx.activities ?? {})) acts[name] = { status: a.status, output: a.output ?? null, ...(a.error ? { error: a.error } : {}) };
    out.push({ name: 'Activity outputs', values: acts });
    return out;
  }

  /** Evaluates an ADF expression ('@' optional; text with @{…} is interpolated) in a held activity's scope. */
  evaluate(threadId: number | undefined, text: string): unknown {
    const t = threadId !== undefined ? this.thread(threadId) : this.waiters.find((w) => w.thread.reason)?.thread;
    if (!t) throw new Error('The run is not stopped at an activity: evaluate while it is stopped.');
    const expr = text.includes('@{') ? text : asExpression(text);
    return evaluateIn(expr, () => t.run.exprContext(t.scope) as ExprContext);
  }

  /**
   * Sets a pipeline variable of the held activity's run for the rest of the run. The value is an expression
   * ('@…'), or JSON, or (for a String variable) plain text.
   */
  setVariable(threadId: number, name: string, text: string): unknown {
    const t = this.thread(threadId);
    if (!t) throw new Error('The run is not stopped at an activity.');
    const v = t.run.variables.get(name);
    if (!v) throw new Error(`Pipeline '${t.pipeline}' has no variable '${name}'.`);
    let value: unknown;
    const s = text.trim();
    if (s.startsWith('@')) value = evaluateIn(s, () => t.run.exprContext(t.scope));
    else {
      try {
        value = JSON.parse(s);
      } catch {
        if (v.type !== 'String') throw new Error(`'${text}' is not a valid ${v.type} value: write JSON (e.g. ${v.type === 'Array' ? '["a"]' : v.type === 'Bool' ? 'true' : '3'}) or an expression starting with '@'.`);
        value = text;
      }
    }
    t.run.assignVariable(name, value);
    return value;
  }
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
