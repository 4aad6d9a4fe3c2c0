/**
 * Document outline of a resource: parameters, variables and activities (nested under their containers
 * and branches). Pure; never throws.
 */
import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { containerLists } from '../model';
import type { JsonDocument } from '../json/document';
import { nodeAt } from '../json';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'activity' | 'container' | 'branch' | 'parameter' | 'variable' | 'section';
  /** Range of the whole object. */
  offset: number;
  length: number;
  /** Range of the name (selection range). */
  nameOffset: number;
  nameLength: number;
  children: OutlineSymbol[];
}

const BRANCH_LABELS: Record<string, string> = { activities: 'Activities', ifTrueActivities: 'If true', ifFalseActivities: 'If false', defaultActivities: 'Default' };

function prop(obj: Node | undefined, key: string): Node | undefined {
  return obj?.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === key)?.children?.[1];
}

function activities(list: Node | undefined, depth: number): OutlineSymbol[] {
  if (list?.type !== 'array' || depth > 40) return [];
  const out: OutlineSymbol[] = [];
  for (const a of list.children ?? []) {
    if (a.type !== 'object') continue;
    const nameNode = prop(a, 'name');
    const typeNode = prop(a, 'type');
    const name = typeof nameNode?.value === 'string' ? nameNode.value : '(unnamed)';
    const type = typeof typeNode?.value === 'string' ? typeNode.value : undefined;
    const children: OutlineSymbol[] = [];
    // Which lists hold inner activities is the model's rule (ADF's, case included).
    const lists = containerLists(getNodeValue(a)).filter((l) => l.list !== undefined);
    const grouped = lists.some((l) => l.kind !== 'activities');
    for (const l of lists) {
      const listNode = findNodeAtLocation(a, l.path);
      if (!listNode) continue;
      const kids = activities(listNode, depth + 1);
      if (!grouped) children.push(...kids);
      else if (l.kind === 'case') children.push(section(`Case ${String(l.caseValue ?? '')}`, 'branch', listNode.parent?.parent ?? listNode, kids));
      else children.push(section(BRANCH_LABELS[l.kind], 'branch', listNode, kids));
    }
    const nn = nameNode ?? a;
    out.push({ name, detail: type, kind: children.length ? 'container' : 'activity', offset: a.offset, length: a.length, nameOffset: nn.offset, nameLength: nn.length, children });
  }
  return out;
}

function section(name: string, kind: OutlineSymbol['kind'], node: Node, children: OutlineSymbol[]): OutlineSymbol {
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return { name, kind, offset: node.offset, length: node.length, nameOffset: key?.offset ?? node.offset, nameLength: key?.length ?? 1, children };
}

function declarations(obj: Node | undefined, kind: 'parameter' | 'variable'): OutlineSymbol[] {
  if (obj?.type !== 'object') return [];
  return (obj.children ?? []).map((p) => {
    const key = p.children![0];
    const t = prop(p.children?.[1], 'type');
    return { name: String(key.value), detail: typeof t?.value === 'string' ? t.value : undefined, kind, offset: p.offset, length: p.length, nameOffset: key.offset, nameLength: key.length, children: [] };
  });
}

/** Outline of a resource document. */
export function documentOutline(doc: JsonDocument): OutlineSymbol[] {
  const props = nodeAt(doc, ['properties']);
  if (!props) return [];
  const out: OutlineSymbol[] = [];
  const params = prop(props, 'parameters');
  if (params) out.push(section('Parameters', 'section', params, declarations(params, 'parameter')));
  const vars = prop(props, 'variables');
  if (vars) out.push(section('Variables', 'section', vars, declarations(vars, 'variable')));
  const acts = prop(props, 'activities');
  if (acts) out.push(...activities(acts, 0));
  return out;
}
