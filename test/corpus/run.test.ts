/**
 * Real factories (read in place from the corpus): pipelines run on the local engine with
 * every activity type that needs Azure mocked; nothing may crash the engine or surface as an internal error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverFactories, loadFactory } from '../../src/engine/model/loader';
import type { Factory } from '../../src/engine/model/types';
import { runPipeline, RunSetupError, LOCAL_TYPES, type MockSpec } from '../../src/engine/run';

import { CORPUS, requireCorpus } from './location';
const LIMIT = 150;
const EXTERNAL = new Set(['copy', 'lookup', 'getmetadata', 'delete', 'validation', 'webactivity', 'webhook', 'executedataflow']);

function activityTypes(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => activityTypes(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.type === 'string' && typeof o.name === 'string') out.add(o.type);
    Object.values(o).forEach((x) => activityTypes(x, out));
  }
  return out;
}

test('corpus pipelines run without internal errors', { timeout: 600_000 }, async () => {
  requireCorpus();
  const factories: Factory[] = [];
  for (const ref of await discoverFactories(CORPUS)) factories.push(await loadFactory(ref.root));
  // Round-robin over the factories so every source contributes.
  const picks: [Factory, string][] = [];
  const names = factories.map((f) => [...f.resources.pipeline.keys()]);
  for (let i = 0; picks.length < LIMIT && names.some((n) => i < n.length); i++) for (let f = 0; f < factories.length && picks.length < LIMIT; f++) if (i < names[f].length) picks.push([factories[f], names[f][i]]);
  const tally: Record<string, number> = {};
  const internal: string[] = [];
  for (const [factory, name] of picks) {
    const types = activityTypes(factory.resources.pipeline.get(name)!.properties.activities);
    const mocks: MockSpec[] = [...types].filter((t) => !LOCAL_TYPES.includes(t.toLowerCase()) || EXTERNAL.has(t.toLowerCase())).map((t) => ({ activityType: t, output: { firstRow: {}, value: [], count: 0, childItems: [], exists: true } }));
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 2000);
    try {
      const r = await runPipeline({ factory, pipelineName: name, mocks, signal: ac.signal, maxDepth: 8 });
      tally[r.pipelineRun.status] = (tally[r.pipelineRun.status] ?? 0) + 1;
      for (const a of r.activityRuns) if (a.error?.errorCode === 'SystemError') internal.push(`${factory.name}/${name}/${a.activityName}: ${a.error.message}`);
    } catch (e) {
      if (e instanceof RunSetupError) tally.notStarted = (tally.notStarted ?? 0) + 1;
      else internal.push(`${factory.name}/${name}: ${(e as Error).stack}`);
    } finally {
      clearTimeout(timer);
    }
  }
  assert.deepEqual(internal, []);
  assert.equal(Object.values(tally).reduce((a, b) => a + b, 0), picks.length);
  assert.ok((tally.Succeeded ?? 0) > picks.length / 5, `succeeded: ${JSON.stringify(tally)}`);
});
