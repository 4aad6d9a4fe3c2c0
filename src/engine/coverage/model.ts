/**
 * What there is to cover in a pipeline, read from its definition: every activity, every branch of If Condition
 * (true, false) and Switch (each case, default), every dependency condition (an activity's dependsOn entry ×
 * each of its conditions), and every ForEach/Until body. Each item has the 1-based line where it is written, so
 * LCOV and the editor can show it on the pipeline JSON.
 */
import { nodeAt, rangeAt } from '../json';
import { pipelineActivities, type Resource } from '../model';

export interface CoverageItem {
  /** The activity the item belongs to (the If/Switch for branches, the dependent for conditions, the loop for bodies). */
  activity: string;
  line: number;
  /** 0-based offset and length in the pipeline file (for editor ranges). */
  offset: number;
  length: number;
  covered: boolean;
  /** Times observed (activity runs, branch takings, condition firings, body runs). */
  hits: number;
}

export interface ActivityItem extends CoverageItem {
  type: string;
}
export interface BranchItem extends CoverageItem {
  /** `true` / `false` (If Condition), `case:<value>` / `default` (Switch). */
  branch: string;
}
export interface ConditionItem extends CoverageItem {
  /** The activity depended on. */
  dependsOn: string;
  condition: 'Succeeded' | 'Failed' | 'Skipped' | 'Completed' | string;
}
export interface LoopItem extends CoverageItem {
  type: 'ForEach' | 'Until';
}

export interface Ratio {
  covered: number;
  total: number;
}

export interface PipelineCoverage {
  pipeline: string;
  file: string;
  activities: ActivityItem[];
  branches: BranchItem[];
  conditions: ConditionItem[];
  loops: LoopItem[];
  summary: { activities: Ratio; branches: Ratio; conditions: Ratio; loops: Ratio };
}

function at(p: Resource, path: (string | number)[]): { line: number; offset: number; length: number } {
  const r = nodeAt(p.doc, path) ? rangeAt(p.doc, path) : rangeAt(p.doc, path.slice(0, -1));
  return { line: p.doc.lines.position(r.offset).line, offset: r.offset, length: r.length };
}

/** The coverage items of a pipeline, all uncovered. */
export function coverageItems(p: Resource): Omit<PipelineCoverage, 'summary'> {
  const out: Omit<PipelineCoverage, 'summary'> = { pipeline: p.name, file: p.file, activities: [], branches: [], conditions: [], loops: [] };
  const blank = { covered: false, hits: 0 };
  for (const a of pipelineActivities(p)) {
    if (!a.name) continue;
    out.activities.push({ activity: a.name, type: a.type, ...at(p, [...a.path, 'name']), ...blank });
    const tp = a.json.typeProperties ?? {};
    if (a.type === 'IfCondition') {
      out.branches.push({ activity: a.name, branch: 'true', ...at(p, [...a.path, 'typeProperties', 'ifTrueActivities']), ...blank });
      out.branches.push({ activity: a.name, branch: 'false', ...at(p, [...a.path, 'typeProperties', 'ifFalseActivities']), ...blank });
    } else if (a.type === 'Switch') {
      (Array.isArray(tp.cases) ? tp.cases : []).forEach((c: any, i: number) => out.branches.push({ activity: a.name, branch: `case:${String(c?.value)}`, ...at(p, [...a.path, 'typeProperties', 'cases', i, 'value']), ...blank }));
      out.branches.push({ activity: a.name, branch: 'default', ...at(p, [...a.path, 'typeProperties', 'defaultActivities']), ...blank });
    } else if (a.type === 'ForEach' || a.type === 'Until') {
      out.loops.push({ activity: a.name, type: a.type, ...at(p, [...a.path, 'typeProperties', 'activities']), ...blank });
    }
    (Array.isArray(a.json.dependsOn) ? a.json.dependsOn : []).forEach((d: any, i: number) => {
      if (!d || typeof d.activity !== 'string') return;
      (Array.isArray(d.dependencyConditions) ? d.dependencyConditions : []).forEach((c: unknown, j: number) => {
        if (typeof c === 'string') out.conditions.push({ activity: a.name, dependsOn: d.activity, condition: c, ...at(p, [...a.path, 'dependsOn', i, 'dependencyConditions', j]), ...blank });
      });
    });
  }
  return out;
}

export function ratio(items: CoverageItem[]): Ratio {
  return { covered: items.filter((i) => i.covered).length, total: items.length };
}

export function summarise(c: Omit<PipelineCoverage, 'summary'>): PipelineCoverage {
  return { ...c, summary: { activities: ratio(c.activities), branches: ratio(c.branches), conditions: ratio(c.conditions), loops: ratio(c.loops) } };
}
