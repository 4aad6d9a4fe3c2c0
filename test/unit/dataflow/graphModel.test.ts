import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceFromText } from '../../../src/engine/model/loader';
import { documentOf, toGraphModel } from '../../../src/engine/dataflow';
import { parseFromPreview, parseToPreview } from '../../../src/webview/preview/protocol';

test('graph model: one node per stream, edges labelled with split branches, nodes located in the file', () => {
  const json = JSON.stringify({ name: 'g', properties: { type: 'MappingDataFlow', typeProperties: { scriptLines: ['source(output(a as integer)) ~> src', 'src split(a > 1) ~> sp@(hi, lo)', 'sp@hi sink() ~> out'] } } }, null, 2);
  const r = resourceFromText('dataflow', '/f/dataflow/g.json', json).resource!;
  const doc = documentOf(r);
  const model = toGraphModel(doc.graph, 'g', (offset, length) => {
    const s = doc.fileOffset(offset)!;
    return { offset: s, length: doc.fileOffset(offset + length)! - s };
  });
  assert.deepEqual(model.nodes.map((n) => [n.id, n.kind, n.type]), [['src', 'source', 'source'], ['sp', 'transformation', 'split'], ['out', 'sink', 'sink']]);
  assert.deepEqual(model.edges, [{ from: 'src', to: 'sp', label: undefined }, { from: 'sp', to: 'out', label: 'hi' }]);
  const sp = model.nodes[1].source!;
  assert.equal(json.slice(sp.offset!, sp.offset! + sp.length!), 'src split(a > 1) ~> sp@(hi, lo)');
});

test('preview protocol: messages are validated on both sides', () => {
  assert.deepEqual(parseFromPreview({ type: 'select', stream: 'a@b' }), { type: 'select', stream: 'a@b' });
  assert.equal(parseFromPreview({ type: 'rows', rows: 0 }), undefined);
  assert.equal(parseFromPreview({ type: 'rows', rows: 1e9 }), undefined);
  assert.equal(parseFromPreview({ type: 'eval', code: 'x' }), undefined);
  const data = { dataflow: 'd', stream: 's', columns: [{ name: 'a', type: 'integer' }], rows: [{ a: 1 }], rowCount: 1, streams: ['s'], elapsedMs: 3 };
  assert.deepEqual(parseToPreview({ type: 'data', data }), { type: 'data', data });
  assert.equal(parseToPreview({ type: 'data', data: { ...data, columns: [{ name: 1 }] } }), undefined);
  assert.equal(parseToPreview({ type: 'error', dataflow: 'd', stream: 's' }), undefined);
  // The row limit per source: picked in the panel (0 = whole sources), shown with how each source was read.
  assert.deepEqual(parseFromPreview({ type: 'rowLimit', rowLimit: 0 }), { type: 'rowLimit', rowLimit: 0 });
  assert.equal(parseFromPreview({ type: 'rowLimit', rowLimit: -1 }), undefined);
  assert.equal(parseFromPreview({ type: 'rowLimit', rowLimit: 1.5 }), undefined);
  const limited = { ...data, rowLimit: 1000, sources: { src: { pushedDown: true, rowsScanned: 2048 }, other: { pushedDown: false, reason: 'compression' } } };
  assert.deepEqual(parseToPreview({ type: 'data', data: limited }), { type: 'data', data: limited });
  assert.equal(parseToPreview({ type: 'data', data: { ...limited, sources: { src: { pushedDown: 'yes' } } } }), undefined);
});
