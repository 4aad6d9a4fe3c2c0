/**
 * The documentation site of a factory (`adfw docs`): an index of every resource by kind and folder, one page per
 * pipeline (its activity graph as inline SVG, parameters and variables, the triggers and ExecutePipeline activities
 * that start it, the datasets it reads and writes, its activities with descriptions and policies) and one page per
 * other resource (what it is, what uses it, what it uses).
 *
 * Static HTML with inline CSS and no script; every name, description and value from the factory goes through the
 * report's element tree (report/vnode), which escapes all text and attributes. Built on the model's reference graph
 * and impact analysis (one extractor of references), the graph model, graphLayout (ELK) and report/graphSvg.
 * Deterministic: the same factory gives the same bytes (no clock, fixed sort order).
 */
import * as path from 'node:path';
import {
  buildReferenceGraph,
  isActivityPath,
  KIND_LABELS,
  pipelineActivities,
  RESOURCE_KINDS,
  referencesFrom,
  referencesTo,
  resourceKey,
  type ActivityInfo,
  type Factory,
  type Reference,
  type ReferenceGraph,
  type Resource,
  type ResourceKind,
} from '../model';
import { impactOf, unusedKeys, unusedResources } from '../impact';
import { pipelineGraph } from '../graph';
import { layoutGraph } from '../graphLayout';
import { graphSvg, h, staticPage, type VChild, type VElement } from '../report';
import { describeTrigger, readTrigger } from '../triggers';
import { DEFAULT_TIMEOUT_MS, formatTimeSpan } from '../run';
import { typesWithRetryPolicy } from '../lint';
import { isSecretPropertyName, secretPartsOf } from '../secrets';
import { DOCS_CSS } from './styles';

/** Kinds with pages (factory settings and global parameters are shown on the index). */
export const DOCS_KINDS: readonly ResourceKind[] = RESOURCE_KINDS.filter((k) => k !== 'factory' && k !== 'globalParameters');

/** The manifest written next to the pages; its presence marks a folder as earlier `adfw docs` output. */
export const DOCS_MANIFEST = 'adfw-docs.json';

export interface DocsPage {
  /** `index` or a resource kind. */
  kind: 'index' | ResourceKind;
  /** The factory name for the index, else the resource name. */
  name: string;
  /** Path relative to the output folder, '/'-separated. */
  file: string;
  html: string;
}

export interface DocsSite {
  pages: DocsPage[];
  /** Things the pages could not show exactly: references to names no file defines, names that are expressions, load notes. */
  warnings: string[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: { name: string }, b: { name: string }) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.name, b.name);

/** A file name from a resource name: letters, digits, '_' and '-' kept, everything else as ~hex (never a path separator). */
export function pageSlug(name: string): string {
  let s = '';
  for (const ch of name) s += /[A-Za-z0-9_-]/.test(ch) ? ch : `~${ch.codePointAt(0)!.toString(16)}`;
  return s || '~';
}

export function pageFile(kind: ResourceKind, name: string): string {
  return `${kind}/${pageSlug(name)}.html`;
}

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MASK = '***';

/**
 * A JSON value with its secrets masked, by the product's one rule (secrets/): string values of secret property names
 * (password, accountKey, connectionString, …) and the secret parts inside strings (AccountKey=…, SAS sig, bearer tokens).
 * Key Vault references and expressions are objects or `@` strings and stay as written.
 */
function redact(v: unknown, key?: string): unknown {
  if (typeof v === 'string') {
    if (key !== undefined && isSecretPropertyName(key) && !v.trimStart().startsWith('@')) return MASK;
    let out = v;
    for (const part of secretPartsOf(v)) if (part) out = out.split(part).join(MASK);
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => redact(x));
  if (isObj(v)) {
    if (v.type === 'SecureString') return { ...v, value: MASK };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x, k)]));
  }
  return v;
}

/** Text of a JSON value for a table cell (secrets masked): strings as written, everything else as JSON. */
function valueText(raw: unknown, key?: string): string {
  const v = redact(raw, key);
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (isObj(v) && v.type === 'Expression' && typeof v.value === 'string') return v.value;
  return JSON.stringify(v);
}

interface Ctx {
  factory: Factory;
  graph: ReferenceGraph;
  unused: Set<string>;
  warnings: string[];
  policyTypes: Set<string>;
}

/** Link from the page at `from` (relative path) to the page of a resource, or plain text when no file defines it. */
function link(ctx: Ctx, from: string, kind: ResourceKind, name: string, text: string = name): VChild {
  const r = ctx.factory.resources[kind].get(name) ?? [...ctx.factory.resources[kind].values()].find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!r || !DOCS_KINDS.includes(kind)) return h('span', { class: 'missing', title: `no ${kind} file defines ${name}` }, `${text} (not defined)`);
  return h('a', { href: relative(from, pageFile(kind, r.name)) }, text);
}

function relative(from: string, to: string): string {
  const up = from.split('/').length - 1;
  return `${'../'.repeat(up)}${to}`;
}

function kindLabel(kind: ResourceKind): string {
  return KIND_LABELS[kind];
}

function singular(kind: ResourceKind): string {
  return ({ pipeline: 'Pipeline', dataset: 'Dataset', linkedService: 'Linked service', dataflow: 'Data flow', trigger: 'Trigger', integrationRuntime: 'Integration runtime', credential: 'Credential', managedVirtualNetwork: 'Managed virtual network', factory: 'Factory', globalParameters: 'Global parameters' } as Record<ResourceKind, string>)[kind];
}

function page(ctx: Ctx, file: string, title: string, ...content: (VChild | VChild[] | null | undefined | false)[]): string {
  const crumbs = file === 'index.html' ? null : h('nav', { class: 'crumbs' }, h('a', { href: relative(file, 'index.html') }, ctx.factory.name), ' › ', title);
  return staticPage(`${title} — ${ctx.factory.name}`, h('main', null, crumbs, ...content), DOCS_CSS);
}

function header(r: Resource, kindText: string): VChild[] {
  const out: VChild[] = [h('h1', null, r.name), h('p', { class: 'meta' }, `${kindText}${r.type ? ` · ${r.type}` : ''}${r.folder.length ? ` · folder ${r.folder.join('/')}` : ''}`)];
  out.push(r.description ? h('p', { class: 'description' }, r.description) : h('p', { class: 'muted' }, 'No description.'));
  const ann = Array.isArray(r.properties.annotations) ? r.properties.annotations.map((x: unknown) => valueText(x)).filter(Boolean) : [];
  if (ann.length) out.push(h('p', null, 'Annotations: ', ann.map((a) => h('span', { class: 'tag' }, a))));
  return out;
}

/** Parameters or variables table (`{name: {type, defaultValue}}`). */
function declarations(title: string, decls: unknown, valueKey = 'defaultValue'): VChild[] {
  if (!isObj(decls) || !Object.keys(decls).length) return [h('h2', null, title), h('p', { class: 'muted' }, 'None.')];
  const rows = Object.keys(decls)
    .sort(cmp)
    .map((n) => {
      const d = isObj(decls[n]) ? decls[n] : {};
      return h('tr', null, h('td', null, h('code', null, n)), h('td', null, valueText(d.type)), h('td', null, valueKey in d ? h('code', null, d[valueKey] === '' ? '""' : /^secure/i.test(String(d.type)) ? MASK : valueText(d[valueKey], n)) : h('span', { class: 'muted' }, '—')));
    });
  return [h('h2', null, title), h('table', null, h('tr', null, h('th', null, 'name'), h('th', null, 'type'), h('th', null, valueKey === 'value' ? 'value' : 'default')), rows)];
}

function usedBy(ctx: Ctx, r: Resource, file: string): VChild[] {
  const impact = impactOf(ctx.factory, r.kind, r.name, ctx.graph);
  const out: VChild[] = [h('h2', null, 'Used by')];
  const refs = impact?.referencedBy ?? [];
  if (!refs.length) out.push(h('p', { class: 'muted' }, ctx.unused.has(resourceKey(r.kind, r.name)) ? 'Nothing references it (unused).' : 'Nothing references it.'));
  else
    out.push(
      h('table', null, h('tr', null, h('th', null, 'resource'), h('th', null, 'kind'), h('th', null, 'depth'), h('th', null, 'through')),
        refs.map((e) => h('tr', null, h('td', null, link(ctx, file, e.kind, e.name)), h('td', null, singular(e.kind)), h('td', null, String(e.depth)), h('td', null, e.depth === 1 ? 'direct' : link(ctx, file, e.via.kind, e.via.name))))),
    );
  const dyn = (impact?.dynamicReferences ?? []).filter((d) => !(d.kind === r.kind && d.name === r.name));
  if (dyn.length) out.push(h('p', { class: 'muted' }, `May also be used at run time by ${dyn.length} reference(s) whose ${r.kind} name is an expression: `, uniq(dyn.map((d) => `${d.kind}/${d.name}`)).join(', ')));
  const uses = impact?.uses ?? [];
  out.push(h('h2', null, 'Uses'));
  if (!uses.length) out.push(h('p', { class: 'muted' }, 'Nothing.'));
  else out.push(h('ul', null, uses.map((e) => h('li', null, link(ctx, file, e.kind, e.name), h('span', { class: 'muted' }, ` ${singular(e.kind).toLowerCase()}${e.depth > 1 ? ` (through ${e.via.name})` : ''}`)))));
  return out;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

// ---------------------------------------------------------------------------------------------------------------
// Pipelines

type Access = 'reads' | 'writes' | 'deletes' | 'runs' | 'calls' | 'uses';

/** What a reference held by an activity means for the data: read, written, deleted, a data flow run, a child pipeline called. */
function accessOf(ref: Reference, activity: ActivityInfo | undefined): Access {
  const rest = activity ? ref.path.slice(activity.path.length) : ref.path;
  const first = String(rest[0] ?? '').toLowerCase();
  if (ref.to.kind === 'pipeline') return 'calls';
  if (ref.to.kind === 'dataflow') return 'runs';
  if (ref.to.kind !== 'dataset') return 'uses';
  if (first === 'inputs') return 'reads';
  if (first === 'outputs') return 'writes';
  if (activity?.type === 'Delete') return 'deletes';
  return 'reads';
}

/** Datasets a data flow reads (sources) and writes (sinks). */
function dataflowAccess(ctx: Ctx, name: string): { dataset: string; access: Access; step: string }[] {
  const out: { dataset: string; access: Access; step: string }[] = [];
  for (const ref of referencesFrom(ctx.graph, 'dataflow', name)) {
    if (ref.to.kind !== 'dataset' || ref.dynamic) continue;
    const list = String(ref.path[2] ?? '');
    const step = ref.path[3] !== undefined ? ((ctx.factory.resources.dataflow.get(name)?.properties.typeProperties?.[list]?.[ref.path[3] as number]?.name as string | undefined) ?? '') : '';
    out.push({ dataset: ref.to.name, access: list === 'sinks' ? 'writes' : 'reads', step });
  }
  return out;
}

function activityAnchor(a: ActivityInfo): string {
  const names: string[] = [];
  for (let x: ActivityInfo | undefined = a; x; x = x.container) names.unshift(x.name);
  return `activity-${names.map(pageSlug).join('.')}`;
}

/** Node id of pipelineGraph for an activity (containers' branch groups sit between: ids of activities only matter). */
function graphIdsByAnchor(p: Resource, acts: ActivityInfo[]): Record<string, string> {
  const model = pipelineGraph(p);
  const links: Record<string, string> = {};
  const byPath = new Map(acts.map((a) => [JSON.stringify(a.path), a]));
  for (const n of model.nodes) {
    if (n.kind === 'branch' || !n.source?.path) continue;
    const a = byPath.get(JSON.stringify(n.source.path));
    if (a) links[n.id] = `#${activityAnchor(a)}`;
  }
  return links;
}

async function pipelinePage(ctx: Ctx, p: Resource): Promise<DocsPage> {
  const file = pageFile('pipeline', p.name);
  const acts = pipelineActivities(p);
  const model = pipelineGraph(p);
  let graphPart: VChild;
  if (!model.nodes.length) graphPart = h('p', { class: 'muted' }, 'No activities.');
  else {
    const layout = await layoutGraph(model);
    graphPart = h('div', { class: 'graph-box' }, graphSvg(layout, { links: graphIdsByAnchor(p, acts) }));
  }

  // Started by: triggers and ExecutePipeline activities.
  const incoming = referencesTo(ctx.graph, 'pipeline', p.name);
  const triggers = uniq(incoming.filter((r) => r.from.kind === 'trigger').map((r) => r.from.name)).sort(cmp);
  const parents = incoming.filter((r) => r.from.kind === 'pipeline');
  const started: VChild[] = [h('h2', null, 'Started by')];
  if (!triggers.length && !parents.length) started.push(h('p', { class: 'muted' }, 'No trigger starts it and no ExecutePipeline activity calls it.'));
  if (triggers.length) {
    started.push(
      h('table', null, h('tr', null, h('th', null, 'trigger'), h('th', null, 'state'), h('th', null, 'schedule / event'), h('th', null, 'parameters')),
        triggers.map((t) => {
          const tr = ctx.factory.resources.trigger.get(t) ?? [...ctx.factory.resources.trigger.values()].find((x) => x.name.toLowerCase() === t.toLowerCase());
          const def = tr ? readTrigger(tr) : undefined;
          const entry = tr ? triggerPipelines(tr).find((x) => x.name.toLowerCase() === p.name.toLowerCase()) : undefined;
          return h('tr', null, h('td', null, link(ctx, file, 'trigger', t)), h('td', null, def?.runtimeState ?? ''), h('td', null, def ? describeTrigger(def) : ''), h('td', null, entry?.parameters && Object.keys(entry.parameters).length ? h('pre', null, JSON.stringify(redact(entry.parameters), null, 1)) : ''));
        })),
    );
  }
  if (parents.length) {
    const rows = parents
      .map((ref) => ({ ref, act: activityOfRef(ctx, ref) }))
      .sort((a, b) => cmp(a.ref.from.name.toLowerCase(), b.ref.from.name.toLowerCase()) || cmp(a.act?.name ?? '', b.act?.name ?? ''));
    started.push(h('table', null, h('tr', null, h('th', null, 'parent pipeline'), h('th', null, 'ExecutePipeline activity'), h('th', null, 'waits')),
      rows.map(({ ref, act }) => h('tr', null, h('td', null, link(ctx, file, 'pipeline', ref.from.name)), h('td', null, act ? h('a', { href: `${relative(file, pageFile('pipeline', ref.from.name))}#${activityAnchor(act)}` }, act.name) : ''), h('td', null, act ? String(act.json.typeProperties?.waitOnCompletion !== false) : '')))));
  }

  // Reads and writes, direct (per activity) and through data flows.
  const rows: { dataset: string; access: Access; activity?: ActivityInfo; via?: string }[] = [];
  const other: { kind: ResourceKind; name: string; access: Access; activity?: ActivityInfo }[] = [];
  for (const ref of referencesFrom(ctx.graph, 'pipeline', p.name)) {
    const act = activityFor(acts, ref.path);
    if (ref.dynamic) {
      ctx.warnings.push(`pipeline/${p.name}: activity '${act?.name ?? '?'}' references a ${ref.to.kind} whose name is an expression; the pages cannot link it.`);
      continue;
    }
    const access = accessOf(ref, act);
    if (ref.to.kind === 'dataset') rows.push({ dataset: ref.to.name, access, activity: act });
    else other.push({ kind: ref.to.kind, name: ref.to.name, access, activity: act });
    if (ref.to.kind === 'dataflow') for (const d of dataflowAccess(ctx, ref.to.name)) rows.push({ dataset: d.dataset, access: d.access, activity: act, via: `${ref.to.name}${d.step ? ` / ${d.step}` : ''}` });
  }
  const lsOf = (ds: string) => {
    const r = ctx.factory.resources.dataset.get(ds) ?? [...ctx.factory.resources.dataset.values()].find((x) => x.name.toLowerCase() === ds.toLowerCase());
    const n = r?.properties.linkedServiceName?.referenceName;
    return typeof n === 'string' ? n : undefined;
  };
  const data: VChild[] = [h('h2', null, 'Reads and writes')];
  if (!rows.length) data.push(h('p', { class: 'muted' }, 'No dataset references.'));
  else
    data.push(
      h('table', null, h('tr', null, h('th', null, 'dataset'), h('th', null, 'access'), h('th', null, 'activity'), h('th', null, 'linked service')),
        rows.map((x) => {
          const ls = lsOf(x.dataset);
          return h('tr', null, h('td', null, link(ctx, file, 'dataset', x.dataset)), h('td', null, x.access + (x.via ? ` (data flow ${x.via})` : '')), h('td', null, x.activity ? h('a', { href: `#${activityAnchor(x.activity)}` }, x.activity.name) : ''), h('td', null, ls ? link(ctx, file, 'linkedService', ls) : ''));
        })),
    );
  if (other.length)
    data.push(h('h3', null, 'Other references'), h('ul', null, other.map((o) => h('li', null, `${o.access} ${singular(o.kind).toLowerCase()} `, link(ctx, file, o.kind, o.name), o.activity ? ' in ' : '', o.activity ? h('a', { href: `#${activityAnchor(o.activity)}` }, o.activity.name) : ''))));
  const impact = impactOf(ctx.factory, 'pipeline', p.name, ctx.graph);
  const deep = (impact?.uses ?? []).filter((e) => e.kind === 'linkedService' || e.kind === 'integrationRuntime' || e.kind === 'credential');
  if (deep.length) data.push(h('p', null, 'Connections (directly or through datasets and data flows): ', deep.flatMap((e, i) => [i ? ', ' : '', link(ctx, file, e.kind, e.name)])));

  const html = page(
    ctx,
    file,
    p.name,
    header(p, 'Pipeline'),
    p.properties.concurrency !== undefined ? h('p', null, `Concurrency: ${valueText(p.properties.concurrency)}`) : null,
    h('h2', null, 'Activity graph'),
    graphPart,
    declarations('Parameters', p.properties.parameters),
    declarations('Variables', p.properties.variables),
    started,
    data,
    h('h2', null, `Activities (${acts.length})`),
    acts.map((a) => activitySection(ctx, a)),
  );
  return { kind: 'pipeline', name: p.name, file, html };
}

function triggerPipelines(tr: Resource): { name: string; parameters?: Record<string, unknown> }[] {
  const out: { name: string; parameters?: Record<string, unknown> }[] = [];
  const add = (e: unknown) => {
    if (isObj(e) && isObj(e.pipelineReference) && typeof e.pipelineReference.referenceName === 'string') out.push({ name: e.pipelineReference.referenceName, parameters: isObj(e.parameters) ? e.parameters : undefined });
  };
  if (Array.isArray(tr.properties.pipelines)) tr.properties.pipelines.forEach(add);
  add(tr.properties.pipeline);
  return out;
}

/** The innermost activity whose path is a prefix of `p`. */
function activityFor(acts: ActivityInfo[], p: (string | number)[]): ActivityInfo | undefined {
  let best: ActivityInfo | undefined;
  for (const a of acts) if (a.path.length <= p.length && a.path.every((s, i) => s === p[i]) && (!best || a.path.length > best.path.length)) best = a;
  return best;
}

function activityOfRef(ctx: Ctx, ref: Reference): ActivityInfo | undefined {
  const parent = ctx.factory.resources.pipeline.get(ref.from.name);
  if (!parent) return undefined;
  for (let i = ref.path.length; i > 0; i--) if (isActivityPath(ref.path.slice(0, i))) return activityFor(pipelineActivities(parent), ref.path.slice(0, i));
  return undefined;
}

function activitySection(ctx: Ctx, a: ActivityInfo): VElement {
  const j = a.json;
  const rows: VChild[] = [];
  const row = (k: string, v: VChild | VChild[]) => rows.push(h('tr', null, h('th', null, k), h('td', null, v)));
  row('type', a.type || '(none)');
  if (a.container) row('inside', [h('a', { href: `#${activityAnchor(a.container)}` }, a.container.name), ` (${a.branch})`]);
  if (Array.isArray(j.dependsOn) && j.dependsOn.length)
    row('depends on', j.dependsOn.filter(isObj).map((d: Record<string, any>) => `${valueText(d.activity)} (${Array.isArray(d.dependencyConditions) ? d.dependencyConditions.map((x: unknown) => valueText(x)).join(', ') : ''})`).join('; '));
  if (j.state === 'Inactive') row('state', `Inactive (marked ${valueText(j.onInactiveMarkAs ?? 'Succeeded')})`);
  const policy = isObj(j.policy) ? j.policy : undefined;
  if (policy || ctx.policyTypes.has(a.type.toLowerCase())) {
    const p = policy ?? {};
    const parts = [
      `timeout ${p.timeout !== undefined ? valueText(p.timeout) : `${formatTimeSpan(DEFAULT_TIMEOUT_MS)} (default)`}`,
      `retry ${p.retry !== undefined ? valueText(p.retry) : '0 (default)'}`,
      `retry interval ${p.retryIntervalInSeconds !== undefined ? valueText(p.retryIntervalInSeconds) : '30'} s`,
    ];
    if (p.secureInput === true) parts.push('secure input');
    if (p.secureOutput === true) parts.push('secure output');
    row('policy', parts.join(', '));
  }
  const tp = isObj(j.typeProperties) ? j.typeProperties : {};
  const expr = tp.expression ?? tp.items ?? tp.on ?? tp.condition;
  if (expr !== undefined) row(a.type === 'ForEach' ? 'items' : a.type === 'Switch' ? 'on' : 'expression', h('code', null, valueText(expr)));
  if (a.type === 'ForEach') row('iterations', tp.isSequential === true ? 'sequential' : `parallel (batch ${tp.batchCount !== undefined ? valueText(tp.batchCount) : '20'})`);
  if (tp.variableName !== undefined) row('variable', h('code', null, valueText(tp.variableName)));
  if (Array.isArray(j.userProperties) && j.userProperties.length) row('user properties', j.userProperties.filter(isObj).map((u: Record<string, any>) => `${valueText(u.name)} = ${valueText(u.value, typeof u.name === 'string' ? u.name : undefined)}`).join('; '));
  return h('section', { class: 'activity', id: activityAnchor(a) },
    h('h3', null, a.name || '(unnamed)', j.state === 'Inactive' ? h('span', { class: 'tag inactive' }, 'inactive') : null),
    typeof j.description === 'string' && j.description ? h('p', { class: 'description' }, j.description) : h('p', { class: 'muted' }, 'No description.'),
    h('table', null, rows));
}

// ---------------------------------------------------------------------------------------------------------------
// Other resources

function resourcePage(ctx: Ctx, r: Resource): DocsPage {
  const file = pageFile(r.kind, r.name);
  const body: VChild[] = [];
  const p = r.properties;
  if (r.kind === 'dataset') {
    const ls = p.linkedServiceName?.referenceName;
    const facts: VChild[] = [];
    if (typeof ls === 'string') facts.push(h('tr', null, h('th', null, 'linked service'), h('td', null, link(ctx, file, 'linkedService', ls))));
    const loc = isObj(p.typeProperties) ? p.typeProperties : {};
    for (const k of Object.keys(loc).sort(cmp)) facts.push(h('tr', null, h('th', null, k), h('td', null, h('code', null, valueText(loc[k], k)))));
    if (facts.length) body.push(h('h2', null, 'Definition'), h('table', null, facts));
    body.push(...declarations('Parameters', p.parameters));
    if (Array.isArray(p.schema) && p.schema.length)
      body.push(h('h2', null, 'Schema'), h('table', null, h('tr', null, h('th', null, 'column'), h('th', null, 'type')), p.schema.filter(isObj).map((c: Record<string, any>) => h('tr', null, h('td', null, valueText(c.name)), h('td', null, valueText(c.type))))));
  } else if (r.kind === 'linkedService') {
    const ir = p.connectVia?.referenceName;
    body.push(h('h2', null, 'Definition'), h('table', null,
      h('tr', null, h('th', null, 'type'), h('td', null, r.type ?? '')),
      h('tr', null, h('th', null, 'integration runtime'), h('td', null, typeof ir === 'string' ? link(ctx, file, 'integrationRuntime', ir) : 'AutoResolveIntegrationRuntime (default)'))));
    body.push(...declarations('Parameters', p.parameters));
    // Connection properties are not shown: they may hold secrets.
  } else if (r.kind === 'dataflow') {
    const tp = isObj(p.typeProperties) ? p.typeProperties : {};
    const steps = (list: string) => (Array.isArray(tp[list]) ? tp[list].filter(isObj) : []);
    const stepRow = (s: Record<string, any>) => h('tr', null, h('td', null, valueText(s.name)), h('td', null, isObj(s.dataset) && typeof s.dataset.referenceName === 'string' ? link(ctx, file, 'dataset', s.dataset.referenceName) : isObj(s.linkedService) && typeof s.linkedService.referenceName === 'string' ? link(ctx, file, 'linkedService', s.linkedService.referenceName) : isObj(s.flowlet) && typeof s.flowlet.referenceName === 'string' ? link(ctx, file, 'dataflow', s.flowlet.referenceName) : ''), h('td', null, valueText(s.description)));
    for (const [list, title] of [['sources', 'Sources'], ['sinks', 'Sinks'], ['transformations', 'Transformations']] as const) {
      const xs = steps(list);
      if (xs.length) body.push(h('h2', null, title), h('table', null, h('tr', null, h('th', null, 'name'), h('th', null, 'dataset / linked service'), h('th', null, 'description')), xs.map(stepRow)));
    }
  } else if (r.kind === 'trigger') {
    let summary = '';
    try {
      summary = describeTrigger(readTrigger(r));
    } catch (e) {
      ctx.warnings.push(`trigger/${r.name}: cannot describe it (${(e as Error).message}).`);
    }
    body.push(h('h2', null, 'Definition'), h('table', null,
      h('tr', null, h('th', null, 'state'), h('td', null, valueText(p.runtimeState ?? 'Stopped'))),
      h('tr', null, h('th', null, 'summary'), h('td', null, summary))));
    const pipes = triggerPipelines(r);
    body.push(h('h2', null, 'Starts'));
    body.push(pipes.length ? h('table', null, h('tr', null, h('th', null, 'pipeline'), h('th', null, 'parameters')), pipes.map((x) => h('tr', null, h('td', null, link(ctx, file, 'pipeline', x.name)), h('td', null, x.parameters && Object.keys(x.parameters).length ? h('pre', null, JSON.stringify(redact(x.parameters), null, 1)) : ''))))
      : h('p', { class: 'muted' }, 'No pipeline.'));
  } else if (r.type) {
    body.push(h('h2', null, 'Definition'), h('table', null, h('tr', null, h('th', null, 'type'), h('td', null, r.type))));
  }
  return { kind: r.kind, name: r.name, file, html: page(ctx, file, r.name, header(r, singular(r.kind)), body, usedBy(ctx, r, file)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Index

function indexPage(ctx: Ctx): DocsPage {
  const file = 'index.html';
  const f = ctx.factory;
  const counts = DOCS_KINDS.filter((k) => f.resources[k].size).map((k) => `${f.resources[k].size} ${(f.resources[k].size === 1 ? singular(k) : kindLabel(k)).toLowerCase()}`);
  const sections: VChild[] = [];
  for (const kind of DOCS_KINDS) {
    const rs = [...f.resources[kind].values()].sort(byName);
    if (!rs.length) continue;
    sections.push(h('h2', { id: kind }, `${kindLabel(kind)} (${rs.length})`));
    const folders = new Map<string, Resource[]>();
    for (const r of rs) {
      const key = r.folder.join('/');
      folders.set(key, [...(folders.get(key) ?? []), r]);
    }
    for (const folder of [...folders.keys()].sort(cmp)) {
      if (folder) sections.push(h('h3', null, `Folder ${folder}`));
      sections.push(
        h('ul', { class: 'resources' }, folders.get(folder)!.map((r) =>
          h('li', null, h('a', { href: pageFile(kind, r.name) }, r.name), r.type && kind !== 'pipeline' ? h('span', { class: 'muted' }, ` ${r.type}`) : null,
            ctx.unused.has(resourceKey(kind, r.name)) ? h('span', { class: 'tag unused' }, kind === 'pipeline' ? 'not triggered' : 'unused') : null,
            r.description ? h('span', { class: 'muted' }, ` — ${r.description.length > 140 ? r.description.slice(0, 139) + '…' : r.description}`) : null))),
      );
    }
  }
  const gp = [...f.resources.globalParameters.values()][0] ?? [...f.resources.factory.values()][0];
  const globals = gp ? (gp.kind === 'factory' ? gp.properties.globalParameters : gp.json) : undefined;
  const facGlobals = isObj(globals) && gp?.kind === 'globalParameters' ? Object.fromEntries(Object.entries(globals).filter(([k]) => k !== 'name' && k !== 'properties')) : globals;
  return {
    kind: 'index',
    name: f.name,
    file,
    html: page(ctx, file, f.name, h('h1', null, `Data factory ${f.name}`), h('p', { class: 'meta' }, counts.join(' · ') || 'No resources.'), sections, isObj(facGlobals) && Object.keys(facGlobals).length ? declarations('Global parameters', facGlobals, 'value') : null),
  };
}

/** Builds every page of the documentation of a loaded factory. */
export async function buildDocsSite(factory: Factory): Promise<DocsSite> {
  const graph = buildReferenceGraph(factory);
  const ctx: Ctx = { factory, graph, unused: unusedKeys(unusedResources(factory, graph)), warnings: [], policyTypes: typesWithRetryPolicy() };
  const pages: DocsPage[] = [indexPage(ctx)];
  for (const p of [...factory.resources.pipeline.values()].sort(byName)) pages.push(await pipelinePage(ctx, p));
  for (const kind of DOCS_KINDS) {
    if (kind === 'pipeline') continue;
    for (const r of [...factory.resources[kind].values()].sort(byName)) pages.push(resourcePage(ctx, r));
  }
  // Names referenced but defined by no file.
  const missing = new Set<string>();
  for (const refs of graph.outgoing.values())
    for (const ref of refs) {
      if (ref.dynamic || factory.resources[ref.to.kind].has(ref.to.name) || [...factory.resources[ref.to.kind].values()].some((r) => r.name.toLowerCase() === ref.to.name.toLowerCase())) continue;
      if (ref.to.kind === 'integrationRuntime' && ref.to.name === 'AutoResolveIntegrationRuntime') continue;
      missing.add(`${ref.from.kind}/${ref.from.name} references ${ref.to.kind} '${ref.to.name}', which no file defines.`);
    }
  const warnings = [...uniq(ctx.warnings), ...[...missing].sort(cmp), ...factory.ignoredFiles.map((f) => `ignored file (not a resource): ${path.relative(factory.root, f).split(path.sep).join('/')}`)];
  return { pages, warnings };
}
