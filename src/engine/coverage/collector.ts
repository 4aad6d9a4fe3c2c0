/**
 * Collects what test runs did, from the engine's run events (child pipelines included, since their events reach
 * the same listener): which activities ran, the If Condition results and Switch values evaluated, the final status
 * of every activity run (for dependency conditions), and which loop bodies ran. Then marks the coverage items.
 *
 * Decisions: an activity counts as run when it has a run that was not Skipped (a substituted activity counts: the
 * pipeline's logic went through it); a dependency condition fired when the activity depended on ended with a
 * status the condition accepts (Succeeded; Failed; Skipped; Completed = Succeeded or Failed), an inactive activity
 * counting as the status it is marked as; a loop body ran when any activity inside it has a run.
 */
import type { Factory } from '../model';
import type { RunEvent } from '../run';
import { coverageItems, summarise, type PipelineCoverage } from './model';

interface ActivityObservation {
  runs: number;
  statuses: Map<string, number>;
  ifResults: Map<string, number>;
  switchValues: Map<string, number>;
}

export class CoverageCollector {
  /** pipeline (lower-case) → activity name → what was seen */
  private readonly seen = new Map<string, Map<string, ActivityObservation>>();
  /** pipeline (lower-case) → loop names whose body ran → times */
  private readonly bodies = new Map<string, Map<string, number>>();

  /** The listener to pass as the engine's onEvent. */
  readonly onEvent = (e: RunEvent): void => {
    if (e.type !== 'activityFinished') return;
    const a = e.activityRun;
    const p = a.pipelineName.toLowerCase();
    let acts = this.seen.get(p);
    if (!acts) this.seen.set(p, (acts = new Map()));
    let o = acts.get(a.activityName);
    if (!o) acts.set(a.activityName, (o = { runs: 0, statuses: new Map(), ifResults: new Map(), switchValues: new Map() }));
    const status = a.status === 'Inactive' ? (a['adfw:markedAs'] ?? 'Succeeded') : a.status;
    inc(o.statuses, status);
    if (a.status !== 'Skipped' && a.status !== 'Inactive') {
      o.runs++;
      const input = (a.input ?? {}) as Record<string, unknown>;
      if (a.activityType === 'IfCondition' && typeof input.expression === 'boolean') inc(o.ifResults, String(input.expression));
      if (a.activityType === 'Switch' && input.on !== undefined) inc(o.switchValues, String(input.on));
      let b = this.bodies.get(p);
      if (!b) this.bodies.set(p, (b = new Map()));
      for (const parent of a['adfw:parents'] ?? []) inc(b, parent);
    }
  };

  /** Coverage of every pipeline of a factory from what was collected. */
  coverageOf(factory: Factory): PipelineCoverage[] {
    const out: PipelineCoverage[] = [];
    for (const p of [...factory.resources.pipeline.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const items = coverageItems(p);
      const acts = this.seen.get(p.name.toLowerCase()) ?? new Map<string, ActivityObservation>();
      const bodies = this.bodies.get(p.name.toLowerCase()) ?? new Map<string, number>();
      for (const a of items.activities) {
        a.hits = acts.get(a.activity)?.runs ?? 0;
        a.covered = a.hits > 0;
      }
      for (const b of items.branches) {
        const o = acts.get(b.activity);
        if (!o) continue;
        if (b.branch === 'true' || b.branch === 'false') b.hits = o.ifResults.get(b.branch) ?? 0;
        else {
          const cases = items.branches.filter((x) => x.activity === b.activity && x.branch.startsWith('case:')).map((x) => x.branch.slice(5));
          if (b.branch === 'default') b.hits = [...o.switchValues].filter(([v]) => !cases.includes(v)).reduce((n, [, k]) => n + k, 0);
          else b.hits = o.switchValues.get(b.branch.slice(5)) ?? 0;
        }
        b.covered = b.hits > 0;
      }
      for (const c of items.conditions) {
        const st = acts.get(c.dependsOn)?.statuses ?? new Map<string, number>();
        const cond = c.condition.toLowerCase();
        c.hits = cond === 'completed' ? (st.get('Succeeded') ?? 0) + (st.get('Failed') ?? 0) : [...st].filter(([s]) => s.toLowerCase() === cond).reduce((n, [, k]) => n + k, 0);
        c.covered = c.hits > 0;
      }
      for (const l of items.loops) {
        l.hits = bodies.get(l.activity) ?? 0;
        l.covered = l.hits > 0;
      }
      out.push(summarise(items));
    }
    return out;
  }
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export interface FactoryCoverage {
  root: string;
  name: string;
  pipelines: PipelineCoverage[];
}

export interface CoverageReport {
  version: 1;
  factories: FactoryCoverage[];
  totals: PipelineCoverage['summary'];
}

/** The report over the factories tests ran in. */
export function coverageReport(collector: CoverageCollector, factories: Factory[]): CoverageReport {
  const fs = factories.map((f) => ({ root: f.root, name: f.name, pipelines: collector.coverageOf(f) }));
  const totals = { activities: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, conditions: { covered: 0, total: 0 }, loops: { covered: 0, total: 0 } };
  for (const f of fs) {
    for (const p of f.pipelines) {
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) {
        totals[k].covered += p.summary[k].covered;
        totals[k].total += p.summary[k].total;
      }
    }
  }
  return { version: 1, factories: fs, totals };
}

