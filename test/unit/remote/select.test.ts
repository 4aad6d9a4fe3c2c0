/** Selective deployment rules: azure.datafactory.tools' rules files and type.name@folder patterns, reasons. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRules, selectPlan, selectionKey, type PlanItem } from '../../../src/engine/publish';

const item = (kind: PlanItem['kind'], name: string, action: PlanItem['action'] = 'update', folder?: string, local: Record<string, unknown> = {}): PlanItem => ({ kind, name, action, diff: '', local: { ...local, ...(folder ? { folder: { name: folder } } : {}) } });

describe('selection', () => {
  it('reads a rules file: + include (the default), - exclude, # comments; a bare sign is an error with its line', () => {
    assert.deepEqual(parseRules('r.txt', '+pipeline.*\ntrigger.*\n# note\n-*.SharedIR*\n\n-*.*@testFolder\n'), { include: ['pipeline.*', 'trigger.*'], exclude: ['*.SharedIR*', '*.*@testFolder'] });
    assert.throws(() => parseRules('r.txt', 'pipeline.*\n+\n'), /r\.txt:2: the rule "\+" has no pattern/);
  });

  it('matches type, name and folder with wildcards; an exclude wins; factory.* selects global parameters', () => {
    const plan = [item('pipeline', 'PL_Copy', 'update', 'Copy/Daily'), item('pipeline', 'PL_Load', 'update', 'Load'), item('dataset', 'DS_A'), item('globalParameters', 'default'), item('pipeline', 'PL_CopyOld', 'update', 'Copy')];
    const sel = selectPlan(plan, { rules: { include: ['pipeline.*@Copy*', 'factory.*'], exclude: ['*.*Old'] } });
    assert.deepEqual(plan.map((p) => sel.get(p)!.selected), [true, false, false, true, false]);
    assert.equal(sel.get(plan[0])!.reason, 'included by "pipeline.*@Copy*"');
    assert.equal(sel.get(plan[4])!.reason, 'excluded by "-*.*Old"');
    assert.match(sel.get(plan[2])!.reason, /matches no include pattern/);
  });

  it('--changed-since keeps changed resources; --with-dependencies adds referenced resources that differ, transitively', () => {
    const ref = (n: string, type: string) => ({ referenceName: n, type });
    const plan = [
      item('pipeline', 'P', 'update', undefined, { activities: [{ name: 'c', type: 'Copy', inputs: [ref('D', 'DatasetReference')] }] }),
      item('dataset', 'D', 'update', undefined, { linkedServiceName: ref('L', 'LinkedServiceReference') }),
      item('linkedService', 'L', 'create'),
      item('linkedService', 'Same', 'unchanged'),
      item('pipeline', 'Other', 'update'),
    ];
    const changed = new Set([selectionKey('pipeline', 'P')]);
    const sel = selectPlan(plan, { changed, changedLabel: 'main', withDependencies: true });
    assert.deepEqual(plan.map((p) => sel.get(p)!.selected), [true, true, true, false, false]);
    assert.equal(sel.get(plan[0])!.reason, 'changed since main');
    assert.equal(sel.get(plan[1])!.reason, 'dependency of pipeline "P" (differs from the target)');
    assert.equal(sel.get(plan[2])!.reason, 'dependency of dataset "D" (missing on the target)');
    assert.equal(sel.get(plan[4])!.reason, 'not changed since main');
  });
});
