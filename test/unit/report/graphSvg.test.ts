import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphSvg, toHtml, type VElement } from '../../../src/engine/report';
import type { GraphLayout } from '../../../src/engine/graph';

const LAYOUT: GraphLayout = {
  title: 'PL <x>',
  width: 500,
  height: 200,
  nodes: [
    { id: 'Each/Inner', label: 'Inner"><script>alert(1)</script>', kind: 'activity', type: 'Wait', parent: 'Each', x: 40, y: 50, width: 190, height: 52 },
    { id: 'Each', label: 'Each', kind: 'container', type: 'ForEach', detail: "@pipeline().parameters.items", x: 20, y: 10, width: 250, height: 120 },
    { id: 'Last', label: 'Last', kind: 'activity', type: 'Copy', x: 300, y: 40, width: 190, height: 52 },
  ],
  edges: [{ from: 'Each', to: 'Last', label: 'Failed', points: [{ x: 270, y: 60 }, { x: 285, y: 60 }, { x: 300, y: 66 }] }],
};

const nodes = (svg: VElement) => svg.children.filter((c): c is VElement => typeof c !== 'string' && (c.tag === 'g' || c.tag === 'a'));

test('graphSvg: shallower nodes drawn first (containers under their children), edges last, labels as text, classes from status and marks', () => {
  const svg = graphSvg(LAYOUT, { statuses: { Last: 'Failed' }, marks: { 'Each/Inner': 'cov-uncovered', Last: 'cov-covered' }, notes: { Last: 'ran 2 times' } });
  assert.equal(svg.tag, 'svg');
  assert.deepEqual([svg.attrs.width, svg.attrs.height, svg.attrs.viewBox], ['500', '200', '0 0 500 200']);
  const gs = nodes(svg);
  assert.deepEqual(gs.map((g) => g.attrs['data-node-id'] ?? g.attrs.class), ['Each', 'Last', 'Each/Inner', 'edge cond-Failed']);
  assert.equal(gs[0].attrs.class, 'node kind-container');
  assert.equal(gs[2].attrs.class, 'node kind-activity cov-uncovered');
  assert.equal(gs[1].attrs.class, 'node kind-activity status-Failed cov-covered');
  assert.equal(gs[0].attrs.tabindex, undefined, 'static drawing: no focusable buttons');
  const html = toHtml(svg);
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('<title>Inner&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; (Wait)</title>'), html);
  assert.ok(html.includes('<title>Last (Copy)\nFailed\nran 2 times</title>'));
  assert.ok(html.includes('<path d="M270,60 L285,60 L300,66" marker-end="url(#arrow)"></path>'));
  assert.ok(html.includes('<text x="292.5" y="59" class="edge-label" text-anchor="middle">Failed</text>'), html);
  // Long labels are clipped in the box and kept whole in the tooltip.
  assert.ok(html.includes('>Inner&quot;&gt;&lt;script&gt;alert(…</text>'), html);
});

test('graphSvg: interactive nodes are focusable buttons; links wrap nodes; class names from data keep to safe characters', () => {
  const svg = graphSvg(LAYOUT, { interactive: true, links: { Last: '#activity-Last' }, statuses: { Each: 'In Progress"<' } });
  const gs = nodes(svg);
  assert.deepEqual([gs[0].attrs.tabindex, gs[0].attrs.role], ['0', 'button']);
  assert.equal(gs[0].attrs.class, 'node kind-container status-InProgress');
  const link = gs.find((g) => g.tag === 'a')!;
  assert.equal(link.attrs.href, '#activity-Last');
  assert.equal((link.children[0] as VElement).attrs['data-node-id'], 'Last');
});
