/**
 * Coverage on the pipeline graph: which nodes of a pipeline's graph model (graph/pipeline) tests covered. Activities
 * and containers are marked covered or uncovered, the branch groups of If Condition (True/False) and Switch (each
 * case, Default) by whether a test took them; tooltips say how often, and which dependency conditions never fired.
 * The graph webview draws the marks with report/graphSvg.
 */
import * as path from 'node:path';
import type { GraphModel } from '../graph/types';
import type { BranchItem, PipelineCoverage, Ratio } from './model';
import type { CoverageReport } from './collector';

export interface GraphCoverage {
  /** Node id -> `cov-covered` | `cov-uncovered`. */
  marks: Record<string, string>;
  /** Node id -> tooltip lines (hits, loop bodies, conditions that never fired). */
  notes: Record<string, string>;
  /** One line: activities, branches, conditions and loop bodies covered. */
  summary: string;
}

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
const cell = (label: string, r: Ratio) => (r.total ? `${label} ${r.covered}/${r.total}` : '');

/** The branch group label pipelineGraph gives a coverage branch (`true` → True, `case:x` → Case x, `default` → Default). */
function branchLabel(b: BranchItem): string {
  if (b.branch === 'true') return 'True';
  if (b.branch === 'false') return 'False';
  if (b.branch === 'default') return 'Default';
  return `Case ${b.branch.slice('case:'.length)}`;
}

/** The coverage of the pipeline defined in `file`, from the latest report (undefined when no test covered its factory). */
export function pipelineCoverageOf(report: CoverageReport | undefined, file: string): PipelineCoverage | undefined {
  const want = path.resolve(file);
  for (const f of report?.factories ?? []) for (const p of f.pipelines) if (path.resolve(p.file) === want) return p;
  return undefined;
}

/** Marks, tooltips and a summary line for the nodes of a pipeline graph model. Activity names are unique in a pipeline. */
export function graphCoverage(model: GraphModel, p: PipelineCoverage): GraphCoverage {
  const marks: Record<string, string> = {};
  const notes: Record<string, string> = {};
  const activities = new Map(p.activities.map((a) => [a.activity, a]));
  const byNode = new Map(model.nodes.map((n) => [n.id, n]));
  for (const n of model.nodes) {
    if (n.kind === 'branch') {
      const owner = n.parent ? byNode.get(n.parent)?.label : undefined;
      const b = p.branches.find((x) => x.activity === owner && branchLabel(x) === n.label);
      if (!b) continue;
      marks[n.id] = b.covered ? 'cov-covered' : 'cov-uncovered';
      notes[n.id] = b.covered ? `Coverage: branch taken ${times(b.hits)}` : 'Coverage: branch never taken';
      continue;
    }
    const a = activities.get(n.label);
    if (!a) continue;
    marks[n.id] = a.covered ? 'cov-covered' : 'cov-uncovered';
    const lines = [a.covered ? `Coverage: ran ${times(a.hits)}` : 'Coverage: not run by any test'];
    const loop = p.loops.find((l) => l.activity === a.activity);
    if (loop) lines.push(loop.covered ? `body ran ${times(loop.hits)}` : 'body never ran');
    const missed = p.conditions.filter((c) => c.activity === a.activity && !c.covered).map((c) => `${c.dependsOn} ${c.condition}`);
    if (missed.length) lines.push(`conditions never fired: ${missed.join(', ')}`);
    notes[n.id] = lines.join('\n');
  }
  const s = p.summary;
  const summary = `Test coverage: ${[cell('activities', s.activities), cell('branches', s.branches), cell('conditions', s.conditions), cell('loop bodies', s.loops)].filter(Boolean).join(', ')}`;
  return { marks, notes, summary };
}
