/**
 * Data flow validation: syntax, transformation keywords and inputs, unknown streams and branches, cycles,
 * sources/sinks against the `sources`/`sinks` lists and their datasets, parameters, functions, and
 * column references where the schema is declared. Returns diagnostics (codes ADF7xxx), never throws.
 */
import type { Diagnostic } from '../diagnostics';
import { DataFlowCodes, formatMessage, severityOf, type MessageParams } from '../codes';
import type { Factory } from '../model/types';
import type { Expr } from './ast';
import { documentOf, lineColumn, type DataFlowDocument } from './document';
import { CACHE_FUNCTIONS, FUNCTIONS, UNSUPPORTED } from './functions';
import { userFunctions } from './udf';
import { TRANSFORMATIONS, findCall, optionValue, type DataFlowNode } from './graph';

/** Calls that structure transformation arguments rather than compute values. */
const STRUCTURAL = new Set([
  'mapColumn', 'output', 'groupBy', 'each', 'match', 'patternMatch', 'over', 'asc', 'desc', 'partitionBy', 'insertIf', 'updateIf', 'upsertIf',
  'deleteIf', 'pivotBy', 'ungroupBy', 'unpivotBy', 'unroll', 'unrollMultiple', 'expectTrue', 'expectUnique', 'expectExists', 'rankBy', 'keys',
  'columns', 'sortBy', 'fields', 'input', 'dedupe', 'lateral', 'range', 'rowsBetween', 'rangeBetween', 'unboundedPreceding', 'unboundedFollowing',
  'currentRow', 'preceding', 'following', 'collectMultiple', 'generateId', 'path', 'rule', 'name', 'type', 'stream', 'origin', 'position',
]);

export interface DataFlowCheckOptions {
  factory?: Factory;
}

/** Validates one data flow document. */
export function validateDataFlowDocument(doc: DataFlowDocument, opts: DataFlowCheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = doc.resource?.file ?? doc.name;
  const add = (key: keyof typeof DataFlowCodes, offset: number, length: number, params: MessageParams, variant?: string, path?: (string | number)[]) => {
    const code = DataFlowCodes[key];
    const severity = severityOf(code);
    const fo = doc.fileOffset(offset);
    const { line, column } = lineColumn(doc.text, offset);
    const where = doc.origin === 'none' ? '' : ` (script line ${line}, column ${column})`;
    out.push({ file, offset: fo ?? 0, length: fo === undefined ? 1 : Math.max(1, length), severity, code, source: 'dataflow', message: formatMessage(code, { ...params, where }, variant), path });
  };
  const tp = doc.typeProperties;
  if (doc.origin === 'none') {
    if ((doc.resource?.type === 'MappingDataFlow' || doc.resource?.type === 'Flowlet') && !(tp.sources?.length || tp.sinks?.length || tp.transformations?.length))
      out.push({ file, offset: 0, length: 1, severity: severityOf(DataFlowCodes.noScript), code: DataFlowCodes.noScript, source: 'dataflow', message: formatMessage(DataFlowCodes.noScript) });
    return out;
  }
  for (const e of doc.script.errors) add('syntax', e.offset, e.length, { reason: e.message });

  const g = doc.graph;
  const params = new Set(g.parameters.map((p) => p.name));
  const seen = new Map<string, DataFlowNode>();
  for (const n of g.nodes) {
    const st = n.statement;
    const meta = TRANSFORMATIONS[n.op];
    if (!meta) add('unknownTransformation', st.opSpan.start, st.opSpan.end - st.opSpan.start, { name: n.op, known: Object.keys(TRANSFORMATIONS).join(', ') });
    else if (n.inputs.length < meta.minInputs || n.inputs.length > meta.maxInputs) {
      const want = meta.minInputs === meta.maxInputs ? `${meta.minInputs}` : meta.maxInputs === Infinity ? `at least ${meta.minInputs}` : `${meta.minInputs}–${meta.maxInputs}`;
      add('inputCount', st.start, st.opSpan.end - st.start, { transformation: meta.label, name: n.name, expected: want, plural: want === '1' ? '' : 's', count: n.inputs.length });
    }
    if (seen.has(n.name)) add('duplicateStream', st.nameSpan.start, st.nameSpan.end - st.nameSpan.start, { name: n.name });
    seen.set(n.name, n);
  }
  for (const n of g.nodes) {
    for (const i of n.inputs) {
      const up = g.byName.get(i.name);
      if (!up) add('unknownStream', i.start, i.end - i.start, { name: i.name, owner: n.name });
      else if (i.branch !== undefined && !(up.branches ?? []).some((b) => b.toLowerCase() === i.branch!.toLowerCase()))
        add('branch', i.start, i.end - i.start, { name: up.name, branch: i.branch, branches: up.branches ? `; its branches are ${up.branches.join(', ')}` : '' });
      else if (i.branch === undefined && up.branches && up.op === 'split')
        add('branch', i.start, i.end - i.start, { name: up.name, branches: up.branches.map((b) => `${up.name}@${b}`).join(', ') }, 'chooseBranch');
    }
    if (n.op === 'split' && n.branches) {
      const conditions = n.args.length;
      if (n.branches.length !== conditions + 1 && n.branches.length !== conditions)
        add('splitBranches', n.statement.nameSpan.start, n.statement.nameSpan.end - n.statement.nameSpan.start, { name: n.name, conditions, count: n.branches.length });
    } else if (n.op === 'split' && !n.branches) {
      add('splitBranches', n.statement.nameSpan.start, n.statement.nameSpan.end - n.statement.nameSpan.start, { name: n.name }, 'noBranches');
    }
  }
  // Cycles (a stream that depends on itself).
  const state = new Map<string, 1 | 2>();
  const visit = (n: DataFlowNode, stack: string[]): void => {
    state.set(n.name, 1);
    for (const i of n.inputs) {
      const up = g.byName.get(i.name);
      if (!up) continue;
      if (state.get(up.name) === 1) {
        add('cycle', i.start, i.end - i.start, { cycle: [...stack.slice(stack.indexOf(up.name)), n.name, up.name].join(' → ') });
      } else if (!state.has(up.name)) visit(up, [...stack, n.name]);
    }
    state.set(n.name, 2);
  };
  for (const n of g.nodes) if (!state.has(n.name)) visit(n, []);

  // sources / sinks lists.
  const isFlowlet = doc.resource?.type === 'Flowlet';
  for (const [list, op] of [['sources', 'source'], ['sinks', 'sink']] as const) {
    const entries = Array.isArray(tp[list]) ? (tp[list] as Record<string, any>[]) : [];
    const declared = new Map(entries.map((e, i) => [String(e?.name ?? ''), i]));
    for (const n of g.nodes.filter((x) => x.op === op)) {
      if (!declared.has(n.name) && !isFlowlet)
        add('sourceSinkMismatch', n.statement.nameSpan.start, n.statement.nameSpan.end - n.statement.nameSpan.start, { op, name: n.name, list });
    }
    entries.forEach((e, i) => {
      const name = String(e?.name ?? '');
      const node = g.byName.get(name);
      if (!node || node.op !== op) {
        out.push({ file, ...rangeOf(doc, [list, i]), severity: severityOf(DataFlowCodes.sourceSinkMismatch), code: DataFlowCodes.sourceSinkMismatch, source: 'dataflow', message: formatMessage(DataFlowCodes.sourceSinkMismatch, { list, index: i, name, op }, 'listEntry'), path: ['properties', 'typeProperties', list, i] });
      }
      const f = opts.factory;
      if (!f) return;
      const checks: [string, 'dataset' | 'linkedService' | 'dataflow'][] = [['dataset', 'dataset'], ['linkedService', 'linkedService'], ['flowlet', 'dataflow'], ['schemaLinkedService', 'linkedService']];
      for (const [key, kind] of checks) {
        const ref = e?.[key]?.referenceName;
        if (typeof ref === 'string' && !ref.startsWith('@') && ![...f.resources[kind].keys()].some((k) => k.toLowerCase() === ref.toLowerCase()))
          out.push({ file, ...rangeOf(doc, [list, i, key, 'referenceName']), severity: severityOf(DataFlowCodes.missingReference), code: DataFlowCodes.missingReference, source: 'dataflow', message: formatMessage(DataFlowCodes.missingReference, { what: list === 'sources' ? 'Source' : 'Sink', name, kind, ref }), path: ['properties', 'typeProperties', list, i, key, 'referenceName'] });
      }
    });
  }

  // Flowlets referenced by transformations.
  (Array.isArray(tp.transformations) ? (tp.transformations as Record<string, any>[]) : []).forEach((t, i) => {
    const ref = t?.flowlet?.referenceName;
    if (opts.factory && typeof ref === 'string' && !findResourceName(opts.factory, ref))
      out.push({ file, ...rangeOf(doc, ['transformations', i, 'flowlet', 'referenceName']), severity: severityOf(DataFlowCodes.missingReference), code: DataFlowCodes.missingReference, source: 'dataflow', message: formatMessage(DataFlowCodes.missingReference, { name: String(t.name), ref }, 'flowlet'), path: ['properties', 'typeProperties', 'transformations', i, 'flowlet', 'referenceName'] });
  });

  // Expressions: functions and parameters.
  const udfs = userFunctions(opts.factory, tp);
  for (const ref of Array.isArray(tp.udfLibraries) ? tp.udfLibraries : []) {
    const lib = ref?.referenceName;
    if (opts.factory && typeof lib === 'string' && !opts.factory.resources.dataflow.has(lib))
      out.push({ file, offset: 0, length: 1, severity: severityOf(DataFlowCodes.missingReference), code: DataFlowCodes.missingReference, source: 'dataflow', message: formatMessage(DataFlowCodes.missingReference, { name: lib }, 'library') });
  }
  for (const n of g.nodes) {
    for (const a of n.statement.args) {
      walkExpr(a, (e, inStructural) => {
        if (e.t === 'call' && e.callee.t === 'ident') {
          const name = e.callee.name;
          if (!FUNCTIONS[name] && !(name in UNSUPPORTED) && !CACHE_FUNCTIONS.has(name) && !STRUCTURAL.has(name) && !udfs.has(name) && !inStructural)
            add('unknownFunction', e.callee.start, e.callee.end - e.callee.start, { name });
        }
        if (e.t === 'param' && !params.has(e.name))
          add('undeclaredParameter', e.start, e.end - e.start, { name: e.name });
      });
    }
  }
  checkColumns(doc, add);
  return out;
}

function findResourceName(f: Factory, name: string): boolean {
  return [...f.resources.dataflow.keys()].some((k) => k.toLowerCase() === name.toLowerCase());
}

function rangeOf(doc: DataFlowDocument, path: (string | number)[]): { offset: number; length: number } {
  const root = doc.resource?.doc.root;
  if (!root) return { offset: 0, length: 1 };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { findNodeAtLocation } = require('jsonc-parser') as typeof import('jsonc-parser');
  const n = findNodeAtLocation(root, ['properties', 'typeProperties', ...path]);
  return n ? { offset: n.offset, length: n.length } : { offset: 0, length: 1 };
}

/** Visits every node of an expression; `inStructural` is true under calls like output(...) whose names are not functions. */
function walkExpr(e: Expr, visit: (e: Expr, inStructural: boolean) => void, inStructural = false): void {
  visit(e, inStructural);
  const rec = (x: Expr, s = inStructural) => walkExpr(x, visit, s);
  switch (e.t) {
    case 'call':
      if (e.callee.t !== 'ident') rec(e.callee);
      for (const a of e.args) rec(a);
      break;
    case 'index':
      rec(e.object);
      rec(e.index);
      break;
    case 'member':
    case 'hashMember':
      rec(e.object);
      break;
    case 'unary':
      rec(e.arg);
      break;
    case 'binary':
      rec(e.left);
      rec(e.right);
      break;
    case 'array':
    case 'paren':
    case 'struct':
      for (const a of e.items) rec(a);
      break;
    case 'named':
      rec(e.value);
      break;
    case 'assign':
      rec(e.target);
      rec(e.value);
      break;
    case 'typed':
      rec(e.expr, true);
      if (e.defaultValue) rec(e.defaultValue);
      break;
    case 'parseSpec':
      rec(e.expr);
      break;
    default:
      break;
  }
}

type Schema = Map<string, string> | undefined; // lower-case name -> declared name; undefined when unknown

/** Checks column references in derive/filter/split/sort/aggregate/select when the input schema is known. */
function checkColumns(doc: DataFlowDocument, add: (key: keyof typeof DataFlowCodes, o: number, l: number, params: MessageParams, variant?: string) => void): void {
  const g = doc.graph;
  const memo = new Map<string, Schema>();
  const schemaOf = (name: string, depth = 0): Schema => {
    if (memo.has(name)) return memo.get(name);
    memo.set(name, undefined);
    const n = g.byName.get(name);
    if (!n || depth > 200) return undefined;
    const s = computeSchema(n, (x) => schemaOf(x, depth + 1));
    memo.set(name, s);
    return s;
  };
  // Join, lookup and exists conditions: stream@column must name a column of that input when both schemas are known.
  for (const n of g.nodes) {
    if (!['join', 'lookup', 'exists'].includes(n.op) || n.inputs.length !== 2 || !n.args[0]) continue;
    const sides = n.inputs.map((i) => ({ name: i.name, schema: schemaOf(i.name) }));
    if (sides.some((x) => !x.schema)) continue;
    const visit = (x: Expr): void => {
      if (x.t === 'qualified' && (x.column.t === 'ident' || x.column.t === 'braced')) {
        const side = sides.find((sd) => sd.name.toLowerCase() === x.stream.toLowerCase());
        if (side && !side.schema!.has(x.column.name.toLowerCase()))
          add('unknownColumn', x.start, x.end - x.start, { name: x.column.name, stream: side.name, columns: [...side.schema!.values()].slice(0, 12).join(', ') }, 'stream');
        return;
      }
      if ((x.t === 'ident' || x.t === 'braced') && !['true', 'false', 'null'].includes(x.name.toLowerCase())) {
        if (!sides.some((sd) => sd.schema!.has(x.name.toLowerCase()))) add('unknownColumn', x.start, x.end - x.start, { name: x.name, owner: n.name }, 'neither');
        return;
      }
      if (x.t === 'call') return x.args.forEach((a) => visit(a));
      if (x.t === 'binary') return (visit(x.left), visit(x.right));
      if (x.t === 'unary') return visit(x.arg);
      if (x.t === 'paren' || x.t === 'array') return x.items.forEach((a) => visit(a));
    };
    visit(n.args[0]);
  }
  for (const n of g.nodes) {
    if (!['derive', 'filter', 'split', 'sort', 'aggregate', 'select', 'alterRow', 'keyGenerate', 'window', 'rank'].includes(n.op) || n.inputs.length !== 1) continue;
    const input = schemaOf(n.inputs[0].name);
    if (!input) continue;
    const locals = new Set<string>();
    for (const a of n.args) if (a.t === 'assign' && a.local && (a.target.t === 'ident' || a.target.t === 'braced')) locals.add(a.target.name.toLowerCase());
    for (const a of n.args) {
      const exprs: Expr[] = [];
      if (a.t === 'assign') exprs.push(a.value);
      else if (a.t === 'call' && a.callee.t === 'ident' && ['mapColumn', 'groupBy', 'over', 'asc', 'desc', 'insertIf', 'updateIf', 'upsertIf', 'deleteIf'].includes(a.callee.name)) {
        for (const x of a.args) exprs.push(x.t === 'assign' ? x.value : x);
      } else if (a.t !== 'call' || a.callee.t !== 'ident' || !STRUCTURAL.has(a.callee.name)) exprs.push(a);
      for (const x of exprs) checkRefs(x, input, locals, n, add);
    }
  }
}

function checkRefs(e: Expr, input: Map<string, string>, locals: Set<string>, n: DataFlowNode, add: (key: keyof typeof DataFlowCodes, o: number, l: number, params: MessageParams, variant?: string) => void): void {
  const visit = (x: Expr): void => {
    switch (x.t) {
      case 'ident':
      case 'braced': {
        const k = x.name.toLowerCase();
        if (x.t === 'ident' && (k === 'true' || k === 'false' || k === 'null')) return;
        if (!input.has(k) && !locals.has(k)) add('unknownColumn', x.start, x.end - x.start, { name: x.name, owner: n.name, columns: `${[...input.values()].slice(0, 12).join(', ')}${input.size > 12 ? ', …' : ''}` });
        return;
      }
      case 'call':
        if (x.callee.t === 'ident' && ['each', 'match', 'patternMatch', 'byName', 'byNames', 'columnNames', 'hasColumn', 'byPosition', 'columns', 'byPath', 'hasPath', 'map', 'filter', 'reduce', 'find', 'mapIndex', 'mapIf', 'mapLoop', 'sort', 'contains'].includes(x.callee.name)) {
          if (['map', 'filter', 'reduce', 'find', 'mapIndex', 'mapIf', 'sort', 'contains'].includes(x.callee.name) && x.args[0]) visit(x.args[0]);
          return;
        }
        for (const a of x.args) visit(a.t === 'assign' ? a.value : a);
        return;
      case 'member':
      case 'hashMember':
      case 'index':
        visit(x.object);
        if (x.t === 'index') visit(x.index);
        return;
      case 'unary':
        visit(x.arg);
        return;
      case 'binary':
        visit(x.left);
        visit(x.right);
        return;
      case 'array':
      case 'paren':
      case 'struct':
        for (const a of x.items) visit(a.t === 'assign' ? a.value : a);
        return;
      default:
        return;
    }
  };
  visit(e);
}

function declaredColumns(call: Extract<Expr, { t: 'call' }> | undefined): Map<string, string> | undefined {
  if (!call) return undefined;
  const m = new Map<string, string>();
  for (const a of call.args) {
    if (a.t === 'typed' && (a.expr.t === 'ident' || a.expr.t === 'braced')) m.set(a.expr.name.toLowerCase(), a.expr.name);
    else return undefined;
  }
  return m;
}

/** The output schema of a transformation when it can be known from the script alone. */
function computeSchema(n: DataFlowNode, up: (name: string) => Schema): Schema {
  const input = n.inputs[0] ? up(n.inputs[0].name) : undefined;
  switch (n.op) {
    case 'source': {
      if (optionValue(n.options.allowSchemaDrift) === true) return undefined;
      return declaredColumns(findCall(n.args, 'output'));
    }
    case 'filter':
    case 'sort':
    case 'split':
    case 'alterRow':
    case 'assert':
    case 'exists':
      return input;
    case 'derive': {
      if (!input) return undefined;
      const m = new Map(input);
      for (const a of n.args) {
        if (a.t === 'assign' && !a.local && (a.target.t === 'ident' || a.target.t === 'braced')) m.set(a.target.name.toLowerCase(), a.target.name);
        else if (a.t === 'assign' && a.local) continue;
        else return undefined;
      }
      return m;
    }
    case 'select': {
      const mc = findCall(n.args, 'mapColumn');
      if (!mc) return input;
      const m = new Map<string, string>();
      for (const a of mc.args) {
        if (a.t === 'ident' || a.t === 'braced') m.set(a.name.toLowerCase(), a.name);
        else if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) m.set(a.target.name.toLowerCase(), a.target.name);
        else return undefined;
      }
      return m;
    }
    case 'keyGenerate': {
      if (!input) return undefined;
      const out = findCall(n.args, 'output');
      const cols = declaredColumns(out);
      return cols ? new Map([...input, ...cols]) : undefined;
    }
    default:
      return undefined;
  }
}

/** Validates every data flow of a factory. */
export function validateDataFlows(factory: Factory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of factory.resources.dataflow.values()) {
    if (r.type && r.type !== 'MappingDataFlow' && r.type !== 'Flowlet') continue;
    out.push(...validateDataFlowDocument(documentOf(r), { factory }));
  }
  return out;
}
