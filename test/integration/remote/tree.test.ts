/** The remote tree model (used by the VS Code view) against the emulator: lazy loading, paging with "more" nodes, errors as nodes. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteTreeModel, type RemoteNode } from '../../../src/vscode/remote/treeModel';
import * as remote from '../../../src/engine/remote';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, SUB } from './setup';

describe('remote tree model', () => {
  let em: Emulator;
  let s: remote.RemoteSession;

  before(async () => {
    em = await emulator();
    s = await session(em);
    await createFactory(s, 'alpha', 'rg-a');
    await createFactory(s, 'beta', 'rg-b');
    await createFactory(s, 'gamma', 'rg-a');
    for (const n of ['p1', 'p2', 'p3']) await remote.putResource(s, { subscriptionId: SUB, resourceGroup: 'rg-a', factory: 'alpha' }, 'pipeline', n, { activities: [] });
  });
  after(async () => em?.stop());

  it('loads subscriptions → resource groups → factories → kinds → resources lazily, one page at a time', async () => {
    const model = new RemoteTreeModel(async () => s);
    const mark = em.requests.length;
    const subs = await model.getChildren();
    assert.deepEqual(subs.map((n) => n.type), ['subscription']);
    assert.equal(em.requests.length - mark, 1, 'only the subscriptions were requested');
    const groups = await model.getChildren(subs[0]);
    // Page size 2: alpha and beta are on the first page.
    assert.deepEqual(groups.map((n) => n.label), ['rg-a', 'rg-b', 'Load more factories…']);
    await model.loadMore(groups[2] as Extract<RemoteNode, { type: 'more' }>);
    const again = await model.getChildren(subs[0]);
    assert.deepEqual(again.map((n) => n.label), ['rg-a', 'rg-b']);
    const factories = await model.getChildren(again[0]);
    assert.deepEqual(factories.map((n) => n.label), ['alpha', 'gamma']);
    const kinds = await model.getChildren(factories[0]);
    assert.deepEqual(kinds.map((n) => n.label), ['Integration runtimes', 'Linked services', 'Datasets', 'Data flows', 'Pipelines', 'Triggers', 'Credentials', 'Managed virtual networks', 'Managed private endpoints']);
    const before = em.requests.length;
    const pipelines = await model.getChildren(kinds[4]);
    assert.equal(em.requests.length - before, 1, 'one page per expansion');
    assert.deepEqual(pipelines.map((n) => n.label), ['p1', 'p2', 'Load more…']);
    await model.loadMore(pipelines[2] as Extract<RemoteNode, { type: 'more' }>);
    const all = await model.getChildren(kinds[4]);
    assert.deepEqual(all.map((n) => n.label), ['p1', 'p2', 'p3']);
    assert.equal((all[0] as Extract<RemoteNode, { type: 'resource' }>).ref.factory, 'alpha');
  });

  it('shows failures as a message node instead of throwing', async () => {
    const bad = await session(em, 'wrong');
    const model = new RemoteTreeModel(async () => bad);
    const nodes = await model.getChildren();
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0].type, 'message');
    assert.match(nodes[0].label, /not authenticated \(401\)/);
  });
});
