/** The engine's debugger hook (RunDebugger): line mapping, breakpoints, stepping, scopes, records unchanged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { runPipeline, RunDebugger, activityAtLine, hitConditionMet, type DebugThread, type StopReason } from '../../../src/engine/run';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'debug');
const mainFile = path.join(dir, 'pipeline', 'Main.json');

/** Runs Main under a debugger; `onStop` decides what to do at each stop. Returns the stops and the result. */
async function debugRun(setup: (d: RunDebugger) => void, onStop: (d: RunDebugger, t: DebugThread, reason: StopReason) => void, pipelineName = 'Main', opts: { stopOnEntry?: boolean; stopOnActivityFailed?: boolean } = {}) {
  const factory = await loadFactory(dir);
  const d = new RunDebugger({ factory, ...opts });
  const stops: { activity: string; reason: StopReason; name: string; frames: string[] }[] = [];
  const logs: string[] = [];
  d.attach({
    stopped: (t, reason) => {
      stops.push({ activity: t.activity, reason, name: t.name, frames: t.frames.map((f) => `${f.pipeline}:${f.name}@${f.line}`) });
      setImmediate(() => onStop(d, t, reason));
    },
    output: (text) => logs.push(text),
  });
  setup(d);
  const result = await runPipeline({ factory, pipelineName, debug: d, now: '2024-01-01T00:00:00Z', seed: 1 });
  d.end();
  return { stops, logs, result };
}

test('a line anywhere in an activity object maps to that activity (innermost for nested ones)', async () => {
  const factory = await loadFactory(dir);
  const d = new RunDebugger({ factory });
  const locs = d.locationsOf('Main');
  const remember = locs.find((l) => l.def.name === 'Remember')!;
  const loop = locs.find((l) => l.def.name === 'Loop')!;
  assert.deepEqual(remember.names, ['Loop', 'Remember']);
  assert.equal(activityAtLine(locs, remember.line + 2)?.def.name, 'Remember');
  assert.equal(activityAtLine(locs, loop.line + 1)?.def.name, 'Loop');
  assert.equal(activityAtLine(locs, 2), undefined);
  const v = d.setBreakpoints(mainFile, [{ line: remember.line + 3 }, { line: 3 }]);
  assert.equal(v[0].verified, true);
  assert.equal(v[0].line, remember.line);
  assert.equal(v[1].verified, false);
  assert.match(v[1].message!, /not inside an activity/);
});

test('hit conditions', () => {
  assert.equal(hitConditionMet('3', 3), true);
  assert.equal(hitConditionMet('3', 4), false);
  assert.equal(hitConditionMet('>= 3', 4), true);
  assert.equal(hitConditionMet('% 10', 20), true);
  assert.equal(hitConditionMet('% 10', 21), false);
  assert.throws(() => hitConditionMet('often', 1), /not understood/);
});

test('conditional breakpoint in a 50-item ForEach stops once, with item() and variables in scope; the record is a normal run\'s', async () => {
  const factory = await loadFactory(dir);
  const line = new RunDebugger({ factory }).locationsOf('Main').find((l) => l.def.name === 'Remember')!.line;
  let seen: unknown;
  let evaluated: unknown;
  const { stops, result } = await debugRun(
    (d) => d.setBreakpoints(mainFile, [{ line, condition: "@equals(item(), 37)" }]),
    (d, t) => {
      const scopes = d.scopes(t.id);
      seen = scopes.find((s) => s.name === 'Item')?.values['item()'];
      evaluated = d.evaluate(t.id, "length(variables('seen'))");
      d.continue();
    },
  );
  assert.deepEqual(stops.map((s) => s.activity), ['Remember']);
  assert.equal(seen, 37);
  assert.equal(evaluated, 36);
  assert.match(stops[0].name, /^Loop #37 \(item: 37\)/);
  const plain = await runPipeline({ factory, pipelineName: 'Main', now: '2024-01-01T00:00:00Z', seed: 1 });
  const shape = (r: typeof plain) => r.activityRuns.map((a) => [a.activityName, a.status, a.activityRunId, JSON.stringify(a.input), JSON.stringify(a.output)]);
  assert.deepEqual(shape(result), shape(plain));
  assert.equal(result.pipelineRun.status, 'Succeeded');
  assert.deepEqual(result.pipelineRun['adfw:variables'], plain.pipelineRun['adfw:variables']);
});

test('hit count and logpoint in the ForEach', async () => {
  const factory = await loadFactory(dir);
  const line = new RunDebugger({ factory }).locationsOf('Main').find((l) => l.def.name === 'Remember')!.line;
  const items: unknown[] = [];
  const { stops } = await debugRun(
    (d) => d.setBreakpoints(mainFile, [{ line, hitCondition: '% 20' }]),
    (d, t) => {
      items.push(d.evaluate(t.id, 'item()'));
      d.continue();
    },
  );
  assert.equal(stops.length, 2);
  assert.deepEqual(items, [20, 40]);
  const { stops: none, logs } = await debugRun((d) => d.setBreakpoints(mainFile, [{ line, logMessage: 'item @{item()} of @{pipeline().parameters.region}', hitCondition: '>= 49' }]), (d) => d.continue());
  assert.equal(none.length, 0);
  assert.deepEqual(logs, ['item 49 of EU\n', 'item 50 of EU\n']);
});

test('stop on entry, step over, step into a container and a child pipeline, step out, set variable', async () => {
  const actions: ((d: RunDebugger, t: DebugThread) => void)[] = [
    (d, t) => d.next(t.id), // entry at Branch A (or B) -> next in the same scope
    (d, t) => d.continue(),
  ];
  let i = 0;
  const { stops } = await debugRun(() => undefined, (d, t) => (actions[i++] ?? ((dd) => dd.continue()))(d, t), 'Main', { stopOnEntry: true });
  assert.equal(stops[0].reason, 'entry');
  assert.equal(stops[0].activity, 'Branch A');
  assert.equal(stops[1].reason, 'step');
  assert.equal(stops[1].activity, 'Branch B');

  const factory = await loadFactory(dir);
  const callLine = new RunDebugger({ factory }).locationsOf('Main').find((l) => l.def.name === 'Call Child')!.line;
  const seq: string[] = [];
  let childFrames: string[] = [];
  const { stops: s2, result } = await debugRun(
    (d) => d.setBreakpoints(mainFile, [{ line: callLine }]),
    (d, t) => {
      seq.push(`${t.pipeline}/${t.activity}`);
      if (t.activity === 'Call Child') {
        d.setVariable(t.id, 'label', '"changed"');
        d.stepIn(t.id);
      } else if (t.activity === 'Child Step') {
        childFrames = t.frames.map((f) => `${path.basename(f.file)}:${f.name}:${f.line}`);
        d.stepOut(t.id);
      } else d.continue();
    },
  );
  assert.deepEqual(seq, ['Main/Call Child', 'Child/Child Step', 'Main/Finish']);
  assert.deepEqual(s2.map((s) => s.reason), ['breakpoint', 'step', 'step']);
  assert.equal(childFrames[0], `Child.json:Child Step:11`);
  assert.equal(childFrames[1], `Main.json:Call Child:${callLine}`);
  assert.equal(result.pipelineRun['adfw:variables']?.label, 'changed-done');
});

test('exception stop when an activity fails; the run then fails as usual', async () => {
  const { stops, result } = await debugRun(() => undefined, (d) => d.continue(), 'Fails', { stopOnActivityFailed: true });
  assert.deepEqual(stops.map((s) => [s.activity, s.reason]), [['Boom', 'exception']]);
  assert.equal(result.pipelineRun.status, 'Failed');
});
