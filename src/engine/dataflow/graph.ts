/**
 * The typed data flow graph: one node per transformation of the script, with its kind, inputs, outputs
 * and options, plus the graph model shown by the graph view.
 */
import type { Expr, Script, StreamRef, TransformStatement, TypedNode } from './ast';
import type { GraphModel } from '../graph/types';

/** Every transformation ADF documents, keyed by its script keyword. */
export const TRANSFORMATIONS: Record<string, { kind: string; label: string; minInputs: number; maxInputs: number }> = {
  source: { kind: 'source', label: 'Source', minInputs: 0, maxInputs: 0 },
  sink: { kind: 'sink', label: 'Sink', minInputs: 1, maxInputs: 1 },
  select: { kind: 'select', label: 'Select', minInputs: 1, maxInputs: 1 },
  derive: { kind: 'derivedColumn', label: 'Derived column', minInputs: 1, maxInputs: 1 },
  filter: { kind: 'filter', label: 'Filter', minInputs: 1, maxInputs: 1 },
  aggregate: { kind: 'aggregate', label: 'Aggregate', minInputs: 1, maxInputs: 1 },
  join: { kind: 'join', label: 'Join', minInputs: 2, maxInputs: 2 },
  lookup: { kind: 'lookup', label: 'Lookup', minInputs: 2, maxInputs: 2 },
  exists: { kind: 'exists', label: 'Exists', minInputs: 2, maxInputs: 2 },
  union: { kind: 'union', label: 'Union', minInputs: 1, maxInputs: Infinity },
  split: { kind: 'conditionalSplit', label: 'Conditional split', minInputs: 1, maxInputs: 1 },
  sort: { kind: 'sort', label: 'Sort', minInputs: 1, maxInputs: 1 },
  alterRow: { kind: 'alterRow', label: 'Alter row', minInputs: 1, maxInputs: 1 },
  keyGenerate: { kind: 'surrogateKey', label: 'Surrogate key', minInputs: 1, maxInputs: 1 },
  window: { kind: 'window', label: 'Window', minInputs: 1, maxInputs: 1 },
  rank: { kind: 'rank', label: 'Rank', minInputs: 1, maxInputs: 1 },
  pivot: { kind: 'pivot', label: 'Pivot', minInputs: 1, maxInputs: 1 },
  unpivot: { kind: 'unpivot', label: 'Unpivot', minInputs: 1, maxInputs: 1 },
  foldDown: { kind: 'flatten', label: 'Flatten', minInputs: 1, maxInputs: 1 },
  parse: { kind: 'parse', label: 'Parse', minInputs: 1, maxInputs: 1 },
  stringify: { kind: 'stringify', label: 'Stringify', minInputs: 1, maxInputs: 1 },
  assert: { kind: 'assert', label: 'Assert', minInputs: 1, maxInputs: 1 },
  cast: { kind: 'cast', label: 'Cast', minInputs: 1, maxInputs: 1 },
  call: { kind: 'externalCall', label: 'External call', minInputs: 1, maxInputs: 1 },
  compose: { kind: 'flowlet', label: 'Flowlet', minInputs: 0, maxInputs: Infinity },
  input: { kind: 'flowletInput', label: 'Flowlet input', minInputs: 0, maxInputs: 0 },
  output: { kind: 'flowletOutput', label: 'Flowlet output', minInputs: 1, maxInputs: 1 },
};

export interface DataFlowNode {
  /** Output stream name (`~> name`). */
  name: string;
  /** Script keyword (source, derive, split, ...). */
  op: string;
  /** Documented transformation kind (derivedColumn, conditionalSplit, surrogateKey, flatten, ...). */
  kind: string;
  inputs: StreamRef[];
  /** Output branches of a conditional split or flowlet. */
  branches?: string[];
  /** `key: value` options. */
  options: Record<string, Expr>;
  /** Positional arguments (conditions, mapColumn(...), output(...), assignments). */
  args: Expr[];
  statement: TransformStatement;
}

export interface DataFlowParameter {
  name: string;
  decl: TypedNode;
}

export interface DataFlowGraph {
  parameters: DataFlowParameter[];
  nodes: DataFlowNode[];
  byName: Map<string, DataFlowNode>;
}

/** Builds the typed graph from a parsed script (statements that failed to parse are absent). */
export function buildGraph(script: Script): DataFlowGraph {
  const parameters: DataFlowParameter[] = [];
  const nodes: DataFlowNode[] = [];
  const byName = new Map<string, DataFlowNode>();
  for (const st of script.statements) {
    if (st.kind === 'parameters') {
      for (const p of st.params) {
        const name = p.expr.t === 'ident' || p.expr.t === 'braced' ? p.expr.name : undefined;
        if (name) parameters.push({ name, decl: p });
      }
      continue;
    }
    const options: Record<string, Expr> = {};
    const args: Expr[] = [];
    for (const a of st.args) {
      if (a.t === 'named') options[a.key] = a.value;
      // partitionBy(...) tunes Spark partitioning: an option, not part of the transformation's logic.
      else if (a.t === 'call' && a.callee.t === 'ident' && a.callee.name === 'partitionBy') options.partitionBy = a;
      else args.push(a);
    }
    const node: DataFlowNode = { name: st.name, op: st.op, kind: TRANSFORMATIONS[st.op]?.kind ?? st.op, inputs: st.inputs, branches: st.branches, options, args, statement: st };
    nodes.push(node);
    if (!byName.has(st.name)) byName.set(st.name, node);
  }
  return { parameters, nodes, byName };
}

/** The call `name(...)` among a node's positional arguments (e.g. mapColumn, output, groupBy). */
export function findCall(args: Expr[], name: string): Extract<Expr, { t: 'call' }> | undefined {
  for (const a of args) if (a.t === 'call' && a.callee.t === 'ident' && a.callee.name === name) return a;
  return undefined;
}

/** A literal option value as JS (strings, numbers, booleans, arrays of those); undefined otherwise. */
export function optionValue(e: Expr | undefined): unknown {
  if (!e) return undefined;
  switch (e.t) {
    case 'str':
      return e.value;
    case 'num':
      return Number(e.raw.replace(/[lLdDfFsSbB]$/, ''));
    case 'ident':
      return e.name === 'true' ? true : e.name === 'false' ? false : e.name;
    case 'call':
      if (e.callee.t === 'ident' && e.args.length === 0 && (e.callee.name === 'true' || e.callee.name === 'false')) return e.callee.name === 'true';
      return undefined;
    case 'array':
      return e.items.map(optionValue);
    case 'unary':
      return e.op === '-' && e.arg.t === 'num' ? -Number(e.arg.raw.replace(/[lLdD]$/, '')) : undefined;
    default:
      return undefined;
  }
}

/** Stream name a node input refers to, including the split branch (`split1@branch`). */
export function refKey(r: StreamRef): string {
  return r.branch !== undefined ? `${r.name}@${r.branch}` : r.name;
}

/** The graph model of a data flow for the graph view. `locate` maps a script offset to a file range. */
export function toGraphModel(graph: DataFlowGraph, title: string, locate?: (offset: number, length: number) => { file?: string; offset: number; length: number } | undefined): GraphModel {
  const nodes: GraphModel['nodes'] = [];
  const edges: GraphModel['edges'] = [];
  for (const n of graph.nodes) {
    const meta = TRANSFORMATIONS[n.op];
    const loc = locate?.(n.statement.start, n.statement.end - n.statement.start);
    nodes.push({
      id: n.name,
      label: n.name,
      kind: n.op === 'source' || n.op === 'input' ? 'source' : n.op === 'sink' || n.op === 'output' ? 'sink' : 'transformation',
      type: n.op,
      detail: meta?.label ?? n.op,
      source: loc ? { file: loc.file, offset: loc.offset, length: loc.length } : undefined,
    });
    for (const i of n.inputs) edges.push({ from: i.name, to: n.name, label: i.branch });
  }
  return { title, nodes, edges };
}
