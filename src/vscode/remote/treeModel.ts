/**
 * The remote factories tree as plain data (no VS Code imports, so it is testable against the
 * emulator): subscriptions → resource groups → factories → kinds → resources. Children load on
 * first expansion, one service page at a time; a "more" node fetches the next page.
 */
import type { RemoteSession } from '../../engine/remote/session';
import { factoryPage, listSubscriptions, resourcePage, type FactorySummary, type FactoryRef, type RawResource } from '../../engine/remote';
import { REMOTE_KINDS, type RemoteKind } from '../../engine/remote';

export type RemoteNode =
  | { type: 'subscription'; id: string; subscriptionId: string; label: string; tenantId?: string }
  | { type: 'resourceGroup'; id: string; subscriptionId: string; resourceGroup: string; label: string }
  | { type: 'factory'; id: string; ref: FactoryRef; label: string; location?: string }
  | { type: 'kind'; id: string; ref: FactoryRef; kind: RemoteKind; label: string }
  | { type: 'resource'; id: string; ref: FactoryRef; kind: RemoteKind; name: string; label: string; resource: RawResource }
  | { type: 'more'; id: string; parentId: string; label: string }
  | { type: 'message'; id: string; label: string; error?: boolean };

/** The tree lists what authors work with first, then the factory's networking and credentials. */
const TREE_KINDS: RemoteKind[] = [...REMOTE_KINDS.filter((k) => k !== 'managedVirtualNetwork' && k !== 'managedPrivateEndpoint' && k !== 'credential'), 'credential', 'managedVirtualNetwork', 'managedPrivateEndpoint'];

const KIND_LABEL: Record<RemoteKind, string> = {
  managedVirtualNetwork: 'Managed virtual networks',
  managedPrivateEndpoint: 'Managed private endpoints',
  credential: 'Credentials',
  integrationRuntime: 'Integration runtimes',
  linkedService: 'Linked services',
  dataset: 'Datasets',
  dataflow: 'Data flows',
  pipeline: 'Pipelines',
  trigger: 'Triggers',
};

interface PagedChildren {
  items: RemoteNode[];
  /** Continuation token of the next page; undefined when everything is loaded. */
  next?: string;
}

export class RemoteTreeModel {
  private readonly children = new Map<string, PagedChildren>();
  /** Factories per subscription, fetched page by page and then grouped by resource group. */
  private readonly factoriesBySub = new Map<string, { factories: FactorySummary[]; next?: string }>();

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
      if (!node) return await this.subscriptions();
      switch (node.type) {
        case 'subscription':
          return await this.resourceGroups(node.subscriptionId);
        case 'resourceGroup':
          return this.factoriesIn(node.subscriptionId, node.resourceGroup);
        case 'factory':
          return TREE_KINDS.map((kind) => ({ type: 'kind' as const, id: `${node.id}/${kind}`, ref: node.ref, kind, label: KIND_LABEL[kind] }));
        case 'kind': {
          if (!this.children.has(id)) await this.nextResourcePage(node);
          const entry = this.children.get(id)!;
          return entry.next ? [...entry.items, { type: 'more', id: `${id}/more`, parentId: id, label: 'Load more…' }] : entry.items;
        }
        default:
          return [];
      }
    } catch (e) {
      return [{ type: 'message', id: `${id}/error`, label: (e as Error).message, error: true }];
    }
  }

  /** Loads the next page under the node that owns the "more" node. */
  async loadMore(more: Extract<RemoteNode, { type: 'more' }>, kindNode?: Extract<RemoteNode, { type: 'kind' }>): Promise<void> {
    if (more.parentId.startsWith('sub:') && !more.parentId.includes('/')) {
      await this.nextFactoryPage(more.parentId.slice(4));
      return;
    }
    const owner = kindNode ?? this.kindNodes.get(more.parentId);
    if (owner) await this.nextResourcePage(owner);
  }

  private readonly kindNodes = new Map<string, Extract<RemoteNode, { type: 'kind' }>>();

  private async subscriptions(): Promise<RemoteNode[]> {
    const subs = await listSubscriptions(await this.session());
    return subs.map((s) => ({ type: 'subscription' as const, id: `sub:${s.subscriptionId}`, subscriptionId: s.subscriptionId, label: s.displayName || s.subscriptionId, tenantId: s.tenantId }));
  }

  private async nextFactoryPage(subscriptionId: string): Promise<void> {
    const entry = this.factoriesBySub.get(subscriptionId);
    if (entry && !entry.next) return;
    const page = await factoryPage(await this.session(), subscriptionId, entry?.next);
    this.factoriesBySub.set(subscriptionId, { factories: [...(entry?.factories ?? []), ...page.items], next: page.continuationToken });
  }

  private async resourceGroups(subscriptionId: string): Promise<RemoteNode[]> {
    if (!this.factoriesBySub.has(subscriptionId)) await this.nextFactoryPage(subscriptionId);
    const entry = this.factoriesBySub.get(subscriptionId)!;
    const groups = [...new Set(entry.factories.map((f) => f.resourceGroup))].sort((a, b) => a.localeCompare(b));
    const nodes: RemoteNode[] = groups.map((rg) => ({ type: 'resourceGroup', id: `sub:${subscriptionId}/rg:${rg.toLowerCase()}`, subscriptionId, resourceGroup: rg, label: rg }));
    if (entry.next) nodes.push({ type: 'more', id: `sub:${subscriptionId}/more`, parentId: `sub:${subscriptionId}`, label: 'Load more factories…' });
    if (!nodes.length) nodes.push({ type: 'message', id: `sub:${subscriptionId}/empty`, label: 'No data factories in this subscription.' });
    return nodes;
  }

  private factoriesIn(subscriptionId: string, resourceGroup: string): RemoteNode[] {
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

  private async nextResourcePage(node: Extract<RemoteNode, { type: 'kind' }>): Promise<void> {
    this.kindNodes.set(node.id, node);
    const entry = this.children.get(node.id);
    if (entry && !entry.next) return;
    const page = await resourcePage(await this.session(), node.ref, node.kind, entry?.next);
    const items = page.items.map((r) => ({ type: 'resource' as const, id: `${node.id}/${r.name.toLowerCase()}`, ref: node.ref, kind: node.kind, name: r.name, label: r.name, resource: r }));
    this.children.set(node.id, { items: [...(entry?.items ?? []), ...items], next: page.continuationToken });
  }
}
