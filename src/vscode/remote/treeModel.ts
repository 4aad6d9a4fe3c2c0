/**
 * The remote factories tree as plain data (no VS Code imports, so it is testable against the
 * emulator): subscriptions → resource groups → factories → kinds → resources. Children load on
 * first expansion, one service page at a time; a "more" node fetches the next page.
 */
import type { RemoteSession } from '../../engine/remote/session';
import { factoryPages, listSubscriptions, resourcePages, type FactorySummary, type FactoryRef, type RawResource } from '../../engine/remote/operations';
import { REMOTE_KINDS, type RemoteKind } from '../../engine/remote/kinds';

export type RemoteNode =
  | { type: 'subscription'; id: string; subscriptionId: string; label: string; tenantId?: string }
  | { type: 'resourceGroup'; id: string; subscriptionId: string; resourceGroup: string; label: string }
  | { type: 'factory'; id: string; ref: FactoryRef; label: string; location?: string }
  | { type: 'kind'; id: string; ref: FactoryRef; kind: RemoteKind; label: string }
  | { type: 'resource'; id: string; ref: FactoryRef; kind: RemoteKind; name: string; label: string; resource: RawResource }
  | { type: 'more'; id: string; parentId: string; label: string }
  | { type: 'message'; id: string; label: string; error?: boolean };

export const KIND_LABEL: Record<RemoteKind, string> = {
  integrationRuntime: 'Integration runtimes',
  linkedService: 'Linked services',
  dataset: 'Datasets',
  dataflow: 'Data flows',
  pipeline: 'Pipelines',
  trigger: 'Triggers',
};

interface PagedChildren {
  items: RemoteNode[];
  iterator?: AsyncIterator<RemoteNode[]>;
  done: boolean;
}

export class RemoteTreeModel {
  private readonly children = new Map<string, PagedChildren>();
  /** Factories per subscription are fetched page by page, then grouped by resource group. */
  private readonly factoriesBySub = new Map<string, { factories: FactorySummary[]; iterator: AsyncIterator<FactorySummary[]>; done: boolean }>();

  constructor(private readonly session: () => Promise<RemoteSession>) {}

  /** Forgets everything loaded (or one node's subtree). */
  reset(nodeId?: string): void {
    if (!nodeId) {
      this.children.clear();
      this.factoriesBySub.clear();
      return;
    }
    for (const k of [...this.children.keys()]) if (k === nodeId || k.startsWith(nodeId + '/')) this.children.delete(k);
    if (nodeId.startsWith('sub:')) this.factoriesBySub.delete(nodeId.slice(4).split('/')[0]);
  }

  /** Children of a node (root when undefined); loads the first page on first call. */
  async getChildren(node?: RemoteNode): Promise<RemoteNode[]> {
    const id = node?.id ?? 'root';
    try {
      if (!node) return await this.cached(id, () => this.subscriptions());
      switch (node.type) {
        case 'subscription':
          return await this.resourceGroups(node.subscriptionId);
        case 'resourceGroup':
          return await this.factoriesIn(node.subscriptionId, node.resourceGroup);
        case 'factory':
          return REMOTE_KINDS.map((kind) => ({ type: 'kind' as const, id: `${node.id}/${kind}`, ref: node.ref, kind, label: KIND_LABEL[kind] }));
        case 'kind':
          return await this.cached(id, () => this.resourcesOf(node));
        default:
          return [];
      }
    } catch (e) {
      return [{ type: 'message', id: `${id}/error`, label: (e as Error).message, error: true }];
    }
  }

  /** Loads the next page under the node that owns the "more" node. */
  async loadMore(more: Extract<RemoteNode, { type: 'more' }>): Promise<void> {
    if (more.parentId.startsWith('sub:') && !more.parentId.includes('/rg:')) {
      await this.nextFactoryPage(more.parentId.slice(4));
      return;
    }
    const entry = this.children.get(more.parentId);
    if (!entry || entry.done || !entry.iterator) return;
    const r = await entry.iterator.next();
    if (r.done) entry.done = true;
    else entry.items.push(...r.value);
  }

  private async cached(id: string, open: () => AsyncIterator<RemoteNode[]>): Promise<RemoteNode[]> {
    let entry = this.children.get(id);
    if (!entry) {
      const iterator = open();
      const first = await iterator.next();
      entry = { items: first.done ? [] : first.value, iterator, done: !!first.done };
      if (!entry.done) {
        // Peek whether another page exists only when the user asks (lazy): keep the iterator.
      }
      this.children.set(id, entry);
    }
    return entry.done ? entry.items : [...entry.items, { type: 'more', id: `${id}/more`, parentId: id, label: 'Load more…' }];
  }

  private async *subscriptions(): AsyncGenerator<RemoteNode[]> {
    const subs = await listSubscriptions(await this.session());
    yield subs.map((s) => ({ type: 'subscription' as const, id: `sub:${s.subscriptionId}`, subscriptionId: s.subscriptionId, label: s.displayName || s.subscriptionId, tenantId: s.tenantId }));
  }

  private async nextFactoryPage(subscriptionId: string): Promise<void> {
    let entry = this.factoriesBySub.get(subscriptionId);
    if (!entry) {
      entry = { factories: [], iterator: factoryPages(await this.session(), subscriptionId), done: false };
      this.factoriesBySub.set(subscriptionId, entry);
    }
    if (entry.done) return;
    const r = await entry.iterator.next();
    if (r.done) entry.done = true;
    else entry.factories.push(...r.value);
  }

  private async resourceGroups(subscriptionId: string): Promise<RemoteNode[]> {
    if (!this.factoriesBySub.has(subscriptionId)) await this.nextFactoryPage(subscriptionId);
    const entry = this.factoriesBySub.get(subscriptionId)!;
    const groups = [...new Set(entry.factories.map((f) => f.resourceGroup))].sort((a, b) => a.localeCompare(b));
    const nodes: RemoteNode[] = groups.map((rg) => ({ type: 'resourceGroup', id: `sub:${subscriptionId}/rg:${rg.toLowerCase()}`, subscriptionId, resourceGroup: rg, label: rg }));
    if (!entry.done) nodes.push({ type: 'more', id: `sub:${subscriptionId}/more`, parentId: `sub:${subscriptionId}`, label: 'Load more factories…' });
    if (!nodes.length) nodes.push({ type: 'message', id: `sub:${subscriptionId}/empty`, label: 'No data factories in this subscription.' });
    return nodes;
  }

  private async factoriesIn(subscriptionId: string, resourceGroup: string): Promise<RemoteNode[]> {
    const entry = this.factoriesBySub.get(subscriptionId);
    const list = (entry?.factories ?? []).filter((f) => f.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()).sort((a, b) => a.name.localeCompare(b.name));
    return list.map((f) => ({
      type: 'factory',
      id: `sub:${subscriptionId}/rg:${resourceGroup.toLowerCase()}/f:${f.name.toLowerCase()}`,
      ref: { subscriptionId, resourceGroup: f.resourceGroup, factory: f.name },
      label: f.name,
      location: f.location,
    }));
  }

  private async *resourcesOf(node: Extract<RemoteNode, { type: 'kind' }>): AsyncGenerator<RemoteNode[]> {
    for await (const page of resourcePages(await this.session(), node.ref, node.kind)) {
      yield page.map((r) => ({ type: 'resource' as const, id: `${node.id}/${r.name.toLowerCase()}`, ref: node.ref, kind: node.kind, name: r.name, label: r.name, resource: r }));
    }
  }
}
