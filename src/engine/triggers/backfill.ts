/**
 * Tumbling-window backfill: runs every window of a trigger in a time range on the local engine, in window
 * order, at most `maxConcurrency` windows of a trigger at a time, retrying failed windows per `retryPolicy`,
 * and starting a window only when all windows it depends on (other triggers' and its own earlier windows)
 * have succeeded. Dependency windows that start at or after `from` are run as part of the backfill (so a
 * backfill of a dependent trigger also processes its upstream windows); windows that start before `from`
 * are taken as already processed. A window whose dependency failed is not run ("Skipped").
 */
import { AdfError } from '../diagnostics';
import type { Factory } from '../model/types';
import { engineRunner, fireTrigger, getTrigger, type PipelineRunner } from './fire';
import type { TumblingWindow } from './model';
import { dependencyRange, windowAt, windowExists, windowIndexAt, windowsOverlapping } from './tumbling';
import { isoUtc } from './timeZone';

export type WindowStatus = 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled';

export interface WindowRun {
  trigger: string;
  windowStart: string;
  windowEnd: string;
  status: WindowStatus;
  /** Number of pipeline runs made for the window (1 + retries). */
  attempts: number;
  runIds: string[];
  /** Why the window failed or was skipped. */
  message?: string;
  /** Windows this one waited for ("trigger@start"). */
  dependsOn: string[];
}

export interface BackfillOptions {
  /** Range start (inclusive): windows starting at or after it. */
  from: string;
  /** Range end (exclusive): windows ending at or before it. */
  to: string;
  runner?: PipelineRunner;
  /** Extra engine options for every run (connections, mocks, store, ...). */
  runOptions?: Record<string, unknown>;
  /** Waits between retries (default: real time). */
  sleep?: (ms: number) => Promise<void>;
  onUpdate?: (w: WindowRun) => void;
  signal?: AbortSignal;
  /** Safety bound on the number of windows planned (default 10 000). */
  maxWindows?: number;
}

interface Node {
  key: string;
  trigger: string;
  tw: TumblingWindow;
  k: number;
  window: { start: number; end: number };
  deps: string[];
  run: WindowRun;
}

const keyOf = (trigger: string, start: number) => `${trigger}@${isoUtc(start)}`;

/** Runs a backfill and returns every planned window's outcome, in planning order (trigger, then time). */
export async function backfill(factory: Factory, triggerName: string, opts: BackfillOptions): Promise<WindowRun[]> {
  const fromMs = Date.parse(opts.from);
  const toMs = Date.parse(opts.to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new AdfError(`Invalid backfill range "${opts.from}" .. "${opts.to}": use ISO 8601 times.`, 'BadRequest');
  if (toMs <= fromMs) throw new AdfError('The backfill range is empty: "to" must be after "from".', 'BadRequest');
  const maxWindows = opts.maxWindows ?? 10_000;
  const tumblingOf = (name: string): { name: string; tw: TumblingWindow } => {
    const def = getTrigger(factory, name);
    if (def.type !== 'TumblingWindowTrigger') throw new AdfError(`Trigger "${def.name}" is a ${def.type}; backfill applies to TumblingWindowTriggers.`, 'BadRequest');
    if (!def.tumbling) throw new AdfError(`Trigger "${def.name}" has invalid typeProperties (frequency, interval, startTime); fix the validation errors first.`, 'BadRequest');
    return { name: def.name, tw: def.tumbling };
  };

  const nodes = new Map<string, Node>();
  const queue: Node[] = [];
  const addNode = (trigger: string, tw: TumblingWindow, k: number): Node => {
    const w = windowAt(tw, k);
    const key = keyOf(trigger, w.start);
    let n = nodes.get(key);
    if (n) return n;
    if (nodes.size >= maxWindows) throw new AdfError(`The backfill would run more than ${maxWindows} windows; narrow the range.`, 'BadRequest');
    n = { key, trigger, tw, k, window: w, deps: [], run: { trigger, windowStart: isoUtc(w.start), windowEnd: isoUtc(w.end), status: 'Waiting', attempts: 0, runIds: [], dependsOn: [] } };
    nodes.set(key, n);
    queue.push(n);
    return n;
  };

  const root = tumblingOf(triggerName);
  for (let k = Math.max(0, windowIndexAt(root.tw, fromMs)); windowExists(root.tw, k); k++) {
    const w = windowAt(root.tw, k);
    if (w.end > toMs) break;
    if (w.start >= fromMs) addNode(root.name, root.tw, k);
  }
  // Expand dependencies (breadth first).
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    const w = n.window;
    for (const d of n.tw.dependsOn) {
      const target = d.kind === 'self' ? { name: n.trigger, tw: n.tw } : tumblingOf(d.triggerName);
      for (const j of windowsOverlapping(target.tw, dependencyRange(n.tw, w, d))) {
        if (target.name === n.trigger && j === n.k) continue;
        const dw = windowAt(target.tw, j);
        if (dw.start < fromMs) continue; // processed before the backfill range
        const dn = addNode(target.name, target.tw, j);
        n.deps.push(dn.key);
        n.run.dependsOn.push(dn.key);
      }
    }
  }

  const runner = opts.runner ?? (await engineRunner());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ordered = [...nodes.values()].sort((a, b) => a.window.start - b.window.start || a.trigger.localeCompare(b.trigger));
  const running = new Map<string, Promise<void>>();
  const runningPer = new Map<string, number>();
  const update = (n: Node) => opts.onUpdate?.({ ...n.run, runIds: [...n.run.runIds], dependsOn: [...n.run.dependsOn] });

  const execute = async (n: Node): Promise<void> => {
    const w = n.window;
    for (;;) {
      n.run.attempts++;
      const fired = await fireTrigger(factory, n.trigger, { window: w, at: isoUtc(w.end + n.tw.delayMs), runner, runOptions: opts.runOptions });
      const f = fired[0];
      if (f?.result) n.run.runIds.push(f.result.pipelineRun.runId);
      const ok = !!f && !f.error && f.result?.pipelineRun.status === 'Succeeded';
      if (ok) {
        n.run.status = 'Succeeded';
        n.run.message = undefined;
        return;
      }
      n.run.message = !f ? 'The trigger starts no pipeline.' : f.error ? f.error.message : `Pipeline run ${f.result?.pipelineRun.runId} ${f.result?.pipelineRun.status}: ${f.result?.pipelineRun.message ?? ''}`.trim();
      if (n.run.attempts > n.tw.retryPolicy.count || opts.signal?.aborted) {
        n.run.status = 'Failed';
        return;
      }
      update(n);
      await sleep(n.tw.retryPolicy.intervalInSeconds * 1000);
    }
  };

  for (;;) {
    if (opts.signal?.aborted) {
      for (const n of ordered) if (n.run.status === 'Waiting') { n.run.status = 'Cancelled'; update(n); }
    }
    let progressed = false;
    for (const n of ordered) {
      if (n.run.status !== 'Waiting') continue;
      const depStates = n.deps.map((k) => nodes.get(k)!.run.status);
      const blocked = n.deps.find((k) => ['Failed', 'Skipped', 'Cancelled'].includes(nodes.get(k)!.run.status));
      if (blocked) {
        n.run.status = 'Skipped';
        n.run.message = `Dependency window ${blocked} did not succeed.`;
        update(n);
        progressed = true;
        continue;
      }
      if (depStates.some((s) => s !== 'Succeeded')) continue;
      if ((runningPer.get(n.trigger) ?? 0) >= n.tw.maxConcurrency) continue;
      n.run.status = 'Running';
      update(n);
      runningPer.set(n.trigger, (runningPer.get(n.trigger) ?? 0) + 1);
      const p = execute(n)
        .catch((e) => {
          n.run.status = 'Failed';
          n.run.message = (e as Error).message;
        })
        .finally(() => {
          runningPer.set(n.trigger, (runningPer.get(n.trigger) ?? 1) - 1);
          running.delete(n.key);
          update(n);
        });
      running.set(n.key, p);
      progressed = true;
    }
    if (!running.size) {
      if (progressed) continue;
      break;
    }
    await Promise.race(running.values());
  }
  for (const n of ordered) {
    if (n.run.status !== 'Waiting') continue;
    n.run.status = 'Skipped';
    n.run.message = 'The window waits on itself through a dependency cycle.';
    update(n);
  }
  return [...nodes.values()].map((n) => n.run);
}
