import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory, findResource } from '../../../src/engine/model/loader';
import { pipelineGraph, nodeIdOf } from '../../../src/engine/graph/pipeline';
import { layoutGraph } from '../../../src/engine/graphLayout';

const ROOT = path.join(__dirname, '../../fixtures/language/factory');

test('pipeline graph: nodes, nested containers, branch groups and labelled edges', async () => {
  const f = await loadFactory(ROOT);
  const g = pipelineGraph(findResource(f, 'pipeline', 'Orchestrate')!);
  assert.deepEqual(
    g.nodes.map((n) => `${n.id}|${n.kind}|${n.parent ?? ''}`),
    [
      'LookupItems|activity|',
      'EachItem|container|',
      'EachItem/CheckSize|container|EachItem',
      'EachItem/CheckSize#True|branch|EachItem/CheckSize',
      'EachItem/CheckSize#True/Big|activity|EachItem/CheckSize#True',
      'EachItem/CheckSize#False|branch|EachItem/CheckSize',
      'EachItem/CheckSize#False/Small|activity|EachItem/CheckSize#False',
      'Report|activity|',
      'RunChild|activity|',
    ],
  );
  assert.deepEqual(g.edges, [
    { from: 'LookupItems', to: 'EachItem', label: 'Succeeded' },
    { from: 'EachItem', to: 'Report', label: 'Succeeded' },
    { from: 'LookupItems', to: 'Report', label: 'Failed, Skipped' },
    { from: 'Report', to: 'RunChild', label: 'Completed' },
  ]);
  assert.equal(g.nodes.find((n) => n.id === 'EachItem')!.detail, "@activity('LookupItems').output.value");
  assert.equal(g.nodes.find((n) => n.id === 'RunChild')!.detail, '→ Child');
  const src = g.nodes[0].source!;
  assert.equal(JSON.parse(f.resources.pipeline.get('Orchestrate')!.doc.text.slice(src.offset!, src.offset! + src.length!)).name, 'LookupItems');
  assert.equal(nodeIdOf(['EachItem', 'CheckSize'], 'Big', g), 'EachItem/CheckSize#True/Big');
  assert.equal(nodeIdOf([], 'Nope', g), undefined);
});

test('layout places children inside their containers and routes every edge', async () => {
  const f = await loadFactory(ROOT);
  const lay = await layoutGraph(pipelineGraph(findResource(f, 'pipeline', 'Orchestrate')!));
  const byId = new Map(lay.nodes.map((n) => [n.id, n]));
  for (const n of lay.nodes) {
    if (!n.parent) continue;
    const p = byId.get(n.parent)!;
    assert.ok(n.x >= p.x && n.y >= p.y && n.x + n.width <= p.x + p.width + 0.5 && n.y + n.height <= p.y + p.height + 0.5, `${n.id} inside ${p.id}`);
  }
  assert.equal(lay.edges.length, 4);
  for (const e of lay.edges) assert.ok(e.points.length >= 2);
  // Left to right: a dependency sits left of its dependant.
  assert.ok(byId.get('LookupItems')!.x < byId.get('EachItem')!.x);
  assert.ok(lay.width > 0 && lay.height > 0);
});

test('layout is deterministic and runs without a DOM: the same model gives the same coordinates; edges start and end on their nodes', async () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  const f = await loadFactory(ROOT);
  const model = pipelineGraph(findResource(f, 'pipeline', 'Orchestrate')!);
  const a = await layoutGraph(model);
  const b = await layoutGraph(structuredClone(model));
  assert.deepEqual(a, b);
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  const onBorder = (p: { x: number; y: number }, id: string) => {
    const n = byId.get(id)!;
    return p.x >= n.x - 0.5 && p.x <= n.x + n.width + 0.5 && p.y >= n.y - 0.5 && p.y <= n.y + n.height + 0.5;
  };
  for (const e of a.edges) {
    assert.ok(onBorder(e.points[0], e.from), `${e.from} → ${e.to} starts on ${e.from}`);
    assert.ok(onBorder(e.points.at(-1)!, e.to), `${e.from} → ${e.to} ends on ${e.to}`);
  }
  // Edges whose ends are not in the model are dropped, not laid out to nowhere.
  const extra = await layoutGraph({ ...model, edges: [...model.edges, { from: 'LookupItems', to: 'Nope' }] });
  assert.equal(extra.edges.length, model.edges.length);
});
