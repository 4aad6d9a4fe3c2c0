/**
 * The "Factories" tree: local factories → kinds → ADF folder hierarchy → resources, with activity counts,
 * last-run status, descriptions as tooltips and problem counts from the validator.
 */
import * as vscode from 'vscode';
import { KIND_LABELS, RESOURCE_KINDS, uncustomisedBuiltIns, type Factory, type Resource, type ResourceKind } from '../../engine/model';
import type { Diagnostic } from '../../engine/diagnostics';
import { formatAgo } from '../../engine/report';
import type { AdfServices } from '../api';
import { COMMANDS, CONTEXT, STATE_EXPANDED } from '../constants';
import type { FactoryTreeNode } from './nodes';
import { kindIcon } from './icons';
import { nextFireSummary, readTrigger } from '../../engine/triggers';
import { impactEngine } from '../engineModules';

/** Kinds shown even when their folder is empty, so "New pipeline/dataset" has a home. */
const ALWAYS_SHOWN: ResourceKind[] = ['pipeline', 'dataset', 'linkedService'];

export class FactoryTreeProvider implements vscode.TreeDataProvider<FactoryTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FactoryTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly expanded: Set<string>;
  private problems = new Map<string, Diagnostic[]>();
  /** Files of resources nothing uses (impact analysis), for the Unused marker. */
  private unused = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly services: AdfServices, private readonly state: vscode.Memento) {
    this.expanded = new Set(state.get<string[]>(STATE_EXPANDED, []));
    services.index.onDidChange(() => this.refresh(), null, this.disposables);
    services.runs.onDidChangeRuns(() => this.emitter.fire(undefined), null, this.disposables);
    this.refresh();
  }

  refresh(): void {
    this.problems = new Map();
    this.unused = new Set();
    const factories = this.services.index.factories();
    // The impact module is loaded once factories exist (after activation), not at activation.
    if (factories.length) {
      const impact = impactEngine();
      for (const f of factories) for (const u of impact.unusedResources(f)) this.unused.add(u.file);
    }
    for (const f of this.services.index.factories()) {
      for (const d of this.services.index.diagnosticsOf(f)) {
        if (d.severity === 'info') continue;
        const list = this.problems.get(d.file) ?? [];
        list.push(d);
        this.problems.set(d.file, list);
      }
    }
    this.emitter.fire(undefined);
  }

  /** Errors and warnings across all factories (for the view badge). */
  problemCount(): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const l of this.problems.values()) for (const d of l) {
      if (d.severity === 'error') errors++;
      else warnings++;
    }
    return { errors, warnings };
  }

  setExpanded(node: FactoryTreeNode, expanded: boolean): void {
    if (expanded) this.expanded.add(node.id);
    else this.expanded.delete(node.id);
    void this.state.update(STATE_EXPANDED, [...this.expanded]);
  }

  private collapsible(id: string, defaultExpanded: boolean): vscode.TreeItemCollapsibleState {
    const open = this.expanded.has(id) || (defaultExpanded && !this.state.get<string[]>(STATE_EXPANDED));
    return open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  getChildren(node?: FactoryTreeNode): FactoryTreeNode[] {
    if (!node) {
      const list = this.services.index.factories();
      if (!list.length) return [];
      return list.map((factory) => ({ type: 'factory', id: `f:${factory.root}`, factory }));
    }
    switch (node.type) {
      case 'factory':
        // A Fabric workspace has pipelines only (datasets and connections are inline in them).
        if (node.factory.fabric) return [{ type: 'kind', id: `${node.id}|pipeline`, factory: node.factory, kind: 'pipeline' }];
        return RESOURCE_KINDS.filter((k) => node.factory.resources[k].size > 0 || ALWAYS_SHOWN.includes(k) || listedBuiltIns(node.factory, k).length > 0).map((kind) => ({ type: 'kind', id: `${node.id}|${kind}`, factory: node.factory, kind }));
      case 'kind':
      case 'folder':
        return this.folderChildren(node.factory, node.kind, node.type === 'folder' ? node.folder : [], node.id);
      default:
        return [];
    }
  }

  private folderChildren(factory: Factory, kind: ResourceKind, folder: string[], _parentId: string): FactoryTreeNode[] {
    const subfolders = new Set<string>();
    const resources: Resource[] = [];
    for (const r of factory.resources[kind].values()) {
      if (r.derived) continue;
      if (folder.some((seg, i) => r.folder[i] !== seg)) continue;
      if (r.folder.length > folder.length) subfolders.add(r.folder[folder.length]);
      else if (r.folder.length === folder.length) resources.push(r);
    }
    const base = `f:${factory.root}|${kind}`;
    // The service's own resources without a file (AutoResolveIntegrationRuntime) sit at the top level of their kind.
    const builtIns = folder.length ? [] : listedBuiltIns(factory, kind).map((builtIn): FactoryTreeNode => ({ type: 'builtIn', id: `${base}|b:${builtIn.name}`, factory, builtIn }));
    return [
      ...[...subfolders].sort((a, b) => a.localeCompare(b)).map((s): FactoryTreeNode => ({ type: 'folder', id: `${base}|d:${[...folder, s].join('/')}`, factory, kind, folder: [...folder, s] })),
      ...resources.sort((a, b) => a.name.localeCompare(b.name)).map((resource): FactoryTreeNode => ({ type: 'resource', id: `${base}|r:${resource.name}`, factory, resource })),
      ...builtIns,
    ];
  }

  /** Every node as the path of labels leading to it (what the view shows), depth first. */
  labelPaths(node?: FactoryTreeNode, prefix = ''): string[] {
    const out: string[] = [];
    for (const child of this.getChildren(node)) {
      const label = this.getTreeItem(child).label;
      const p = `${prefix}${typeof label === 'string' ? label : (label?.label ?? '')}`;
      out.push(p, ...this.labelPaths(child, `${p}/`));
    }
    return out;
  }

  getParent(node: FactoryTreeNode): FactoryTreeNode | undefined {
    if (node.type === 'factory' || node.type === 'message') return undefined;
    if (node.type === 'kind') return { type: 'factory', id: `f:${node.factory.root}`, factory: node.factory };
    if (node.type === 'builtIn') return { type: 'kind', id: `f:${node.factory.root}|${node.builtIn.kind}`, factory: node.factory, kind: node.builtIn.kind };
    const kind = node.type === 'resource' ? node.resource.kind : node.kind;
    const folder = node.type === 'resource' ? node.resource.folder : node.folder.slice(0, -1);
    const base = `f:${node.factory.root}|${kind}`;
    if (!folder.length) return { type: 'kind', id: base, factory: node.factory, kind };
    return { type: 'folder', id: `${base}|d:${folder.join('/')}`, factory: node.factory, kind, folder };
  }

  getTreeItem(node: FactoryTreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'message':
        return new vscode.TreeItem(node.label);
      case 'factory': {
        const item = new vscode.TreeItem(node.factory.name, this.collapsible(node.id, true));
        item.id = node.id;
        const fabric = !!node.factory.fabric;
        item.contextValue = fabric ? CONTEXT.fabricWorkspace : CONTEXT.factory;
        item.iconPath = new vscode.ThemeIcon(fabric ? 'layers' : 'azure');
        const valueSet = valueSetLabel(node.factory);
        item.description = fabric ? [vscode.l10n.t('Fabric workspace'), valueSet, vscode.workspace.asRelativePath(node.factory.root)].filter(Boolean).join(' · ') : vscode.workspace.asRelativePath(node.factory.root);
        const n = this.countIn(node.factory.root);
        item.tooltip = `${node.factory.root}${valueSet ? `\n${valueSet}` : ''}${n ? `\n${n} problem${n === 1 ? '' : 's'}` : ''}`;
        return item;
      }
      case 'kind': {
        const item = new vscode.TreeItem(KIND_LABELS[node.kind], this.collapsible(node.id, node.kind === 'pipeline'));
        item.id = node.id;
        item.contextValue = `${CONTEXT.kind}.${node.kind}`;
        item.iconPath = kindIcon(node.kind);
        item.description = String(node.factory.resources[node.kind].size + listedBuiltIns(node.factory, node.kind).length);
        return item;
      }
      case 'folder': {
        const item = new vscode.TreeItem(node.folder[node.folder.length - 1], this.collapsible(node.id, false));
        item.id = node.id;
        item.contextValue = CONTEXT.folder;
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'resource':
        return this.resourceItem(node);
      case 'builtIn': {
        const item = new vscode.TreeItem(node.builtIn.name, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.contextValue = CONTEXT.builtIn;
        item.iconPath = kindIcon(node.builtIn.kind);
        item.description = 'built-in';
        item.tooltip = `${node.builtIn.description} No file in git: add ${node.builtIn.kind}/${node.builtIn.name}.json to customise it.`;
        return item;
      }
    }
  }

  private countIn(prefix: string): number {
    let n = 0;
    for (const [file, l] of this.problems) if (file.startsWith(prefix)) n += l.length;
    return n;
  }

  private resourceItem(node: Extract<FactoryTreeNode, { type: 'resource' }>): vscode.TreeItem {
    const r = node.resource;
    const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.resourceUri = vscode.Uri.file(r.file);
    const problems = this.problems.get(r.file) ?? [];
    const errors = problems.filter((d) => d.severity === 'error').length;
    item.iconPath = kindIcon(r.kind, errors ? new vscode.ThemeColor('problemsErrorIcon.foreground') : problems.length ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    item.contextValue = r.kind === 'pipeline' ? (node.factory.fabric ? CONTEXT.fabricPipeline : CONTEXT.pipeline) : r.kind === 'dataset' ? CONTEXT.dataset : `${CONTEXT.resource}.${r.kind}`;
    const parts: string[] = [];
    if (r.kind === 'pipeline') {
      const n = Array.isArray(r.properties.activities) ? r.properties.activities.length : 0;
      parts.push(`${n} activit${n === 1 ? 'y' : 'ies'}`);
      const last = this.services.runs.lastRunOf(node.factory, r.name);
      if (last) parts.push(`${last.status} ${formatAgo(last.runEnd ?? last.runStart, Date.now())}`.trim());
    } else if (r.type) parts.push(r.type);
    if (r.kind === 'trigger') {
      const next = nextFireSummary(readTrigger(r));
      if (next) parts.push(next);
    }
    if (problems.length) parts.push(`${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    const unused = this.unused.has(r.file);
    if (unused) parts.push('unused');
    item.description = parts.join(' · ');
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${escapeMd(r.name)}**${r.type ? ` — ${escapeMd(r.type)}` : ''}\n\n`);
    if (r.description) tip.appendMarkdown(`${escapeMd(r.description)}\n\n`);
    if (unused) tip.appendMarkdown(r.kind === 'pipeline' ? `$(circle-slash) Unused: no trigger starts it and no ExecutePipeline calls it.\n\n` : `$(circle-slash) Unused: no resource of the factory references it.\n\n`);
    for (const d of problems.slice(0, 5)) tip.appendMarkdown(`- ${d.severity === 'error' ? '$(error)' : '$(warning)'} ${escapeMd(d.code)}: ${escapeMd(d.message)}\n`);
    tip.supportThemeIcons = true;
    item.tooltip = tip;
    item.command = { command: COMMANDS.open, title: vscode.l10n.t('Open'), arguments: [node] };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Built-ins of a kind that the service lists and no file customises. */
function listedBuiltIns(factory: Factory, kind: ResourceKind) {
  return uncustomisedBuiltIns(factory, kind).filter((b) => b.listed);
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|$]/g, (c) => `\\${c}`);
}

/** The variable libraries' value set of a Fabric workspace node: chosen, missing (default values), or the defaults. */
function valueSetLabel(factory: Factory): string | undefined {
  const fabric = factory.fabric;
  if (!fabric?.libraries.length && !fabric?.missingValueSet) return undefined;
  if (fabric.missingValueSet) return vscode.l10n.t('value set: {0} (missing: default values)', fabric.missingValueSet);
  return fabric.valueSet ? vscode.l10n.t('value set: {0}', fabric.valueSet) : vscode.l10n.t('value set: default values');
}
