/**
 * Expressions in resource files: syntax (through the expression language's parser) and what they name —
 * `pipeline().parameters.x`, `pipeline().globalParameters.x`, `variables('x')`, `activity('X')`,
 * `dataset().x`, `linkedService().x` — checked against the declarations. Diagnostics are positioned in the file:
 * string node offset + 1 + the escape-aware mapping of the value offset.
 */
import { formatMessage } from '../codes';
import type { Diagnostic } from '../diagnostics';
import { parseExpression, type Expr } from '../expr';
import type { JsonNode } from '../json/document';
import { pathOf } from '../json';
import type { Factory, Resource } from '../model/types';
import { childPipelineName, pipelineActivities, findResource, type ActivityInfo } from '../model';
import { closestName } from '../text';
import { SemanticCodes, type Report } from './context';
import { FabricCodes } from '../codes';
import { stringOffsetMapper } from './jsonString';

/** True for a JSON value ADF evaluates: an '@' string or an {"value", "type": "Expression"} object. */
export function isExpressionLike(v: unknown): boolean {
  if (typeof v === 'string') return /^\s*@/.test(v) || v.includes('@{');
  return !!v && typeof v === 'object' && !Array.isArray(v) && (v as Record<string, unknown>).type === 'Expression';
}

/** Whether ADF treats a string as an expression (starts with '@' but not '@@', or holds '@{'). */
function isExpressionText(text: string): boolean {
  if (text.charCodeAt(0) === 64) return text.charCodeAt(1) !== 64 || text.includes('@{', 2);
  for (let i = text.indexOf('@{'); i >= 0; i = text.indexOf('@{', i + 1)) if (text[i - 1] !== '@') return true;
  return false;
}

/** A name an expression uses, with its range in the value. */
export interface ExprName {
  kind: 'parameter' | 'globalParameter' | 'libraryVariable' | 'variable' | 'activity' | 'datasetParameter' | 'linkedServiceParameter' | 'returnValueKey';
  name: string;
  start: number;
  end: number;
  /** For returnValueKey (activity('X').output.pipelineReturnValue.key): the activity X. */
  activity?: string;
}

/** Walks an expression AST and collects the names it uses. */
function namesInExpr(e: Expr, out: ExprName[] = [], depth = 0): ExprName[] {
  if (depth > 500) return out;
  switch (e.kind) {
    case 'call': {
      const fn = e.name.toLowerCase();
      const a0 = e.args[0];
      if ((fn === 'variables' || fn === 'activity') && a0?.kind === 'string') out.push({ kind: fn === 'variables' ? 'variable' : 'activity', name: a0.value, start: a0.start + 1, end: a0.end - 1 });
      for (const a of e.args) namesInExpr(a, out, depth + 1);
      break;
    }
    case 'member':
    case 'index': {
      const name = e.kind === 'member' ? e.name : e.index.kind === 'string' ? e.index.value : undefined;
      const start = e.kind === 'member' ? e.nameStart : e.index.start + 1;
      const end = e.kind === 'member' ? e.nameStart + e.name.length : e.index.end - 1;
      const obj = e.object;
      if (name !== undefined) {
        if (isCall(obj, 'dataset')) out.push({ kind: 'datasetParameter', name, start, end });
        else if (isCall(obj, 'linkedService')) out.push({ kind: 'linkedServiceParameter', name, start, end });
        else if (obj.kind === 'member' && obj.name === 'pipelineReturnValue' && obj.object.kind === 'member' && obj.object.name.toLowerCase() === 'output') {
          const call = obj.object.object;
          if (call.kind === 'call' && call.name.toLowerCase() === 'activity' && call.args[0]?.kind === 'string') out.push({ kind: 'returnValueKey', name, start, end, activity: call.args[0].value });
        }
        else if (obj.kind === 'member' && isCall(obj.object, 'pipeline')) {
          const what = obj.name.toLowerCase();
          if (what === 'parameters') out.push({ kind: 'parameter', name, start, end });
          else if (what === 'globalparameters') out.push({ kind: 'globalParameter', name, start, end });
          else if (what === 'libraryvariables') out.push({ kind: 'libraryVariable', name, start, end });
        }
      }
      namesInExpr(obj, out, depth + 1);
      if (e.kind === 'index') namesInExpr(e.index, out, depth + 1);
      break;
    }
    default:
      break;
  }
  return out;
}

/** Whether an expression at `path` is the value of a SetVariable activity that sets `variable`. */
function isSelfReference(owner: ActivityInfo, path: (string | number)[], variable: string): boolean {
  if (owner.type !== 'SetVariable' || owner.json.typeProperties?.variableName !== variable) return false;
  const at = owner.path.length;
  return path[at] === 'typeProperties' && path[at + 1] === 'value';
}

function isCall(e: Expr, name: string): boolean {
  return e.kind === 'call' && e.name.toLowerCase() === name.toLowerCase() && e.args.length === 0;
}

interface StringHit {
  node: JsonNode;
  value: string;
}

/** String values that are expressions, in document order (keys excluded). Bounded depth. */
function expressionStrings(root: JsonNode | undefined): StringHit[] {
  const out: StringHit[] = [];
  if (!root) return out;
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string') {
      const isKey = n.parent?.type === 'property' && n.parent.children?.[0] === n;
      if (!isKey && typeof n.value === 'string' && isExpressionText(n.value)) out.push({ node: n, value: n.value });
    } else if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

export interface ExpressionScope {
  factory: Factory;
  /** Activities of the pipeline (for activity('X') checks), when the resource is a pipeline. */
  activities?: ActivityInfo[];
}

/** Checks every expression of a resource: syntax, then the names it uses. */
export function checkExpressions(resource: Resource, scope: ExpressionScope, report: Report): void {
  if (resource.kind === 'dataflow') return; // data flow scripts use the data flow expression language
  const doc = resource.doc;
  const params = declaredNames(resource.properties?.parameters);
  const vars = declaredNames(resource.properties?.variables);
  const globals = globalParameterNames(scope.factory);
  const byPath = new Map<string, ActivityInfo>();
  for (const a of scope.activities ?? []) byPath.set(JSON.stringify(a.path), a);
  const activityNames = new Map<string, ActivityInfo[]>();
  for (const a of scope.activities ?? []) {
    const k = a.name.toLowerCase();
    activityNames.set(k, [...(activityNames.get(k) ?? []), a]);
  }

  for (const { node, value } of expressionStrings(doc.root)) {
    const parsed = parseExpression(value);
    const toFile = stringOffsetMapper(doc.text, node.offset, node.length);
    const put = (offset: number, length: number, code: string, message: string, severity: Diagnostic['severity'], source: Diagnostic['source'], data?: Record<string, unknown>) => {
      const s = toFile(offset);
      const e = toFile(offset + Math.max(1, length));
      report({ file: resource.file, offset: s, length: Math.max(1, e - s), severity, code, source, message, path: pathOf(node), ...(data ? { data } : {}) });
    };
    for (const d of parsed.diagnostics) put(d.offset, d.length, d.code, d.message, 'error', 'expression');
    if (!parsed.ast) continue;
    const exprs: Expr[] = parsed.ast.kind === 'expression' ? [parsed.ast.expr] : parsed.ast.kind === 'interpolation' ? parsed.ast.parts.filter((p): p is Expr => typeof p !== 'string') : [];
    const names: ExprName[] = [];
    for (const e of exprs) namesInExpr(e, names);
    if (!names.length) continue;
    const owner = scope.activities ? owningActivity(pathOf(node), byPath) : undefined;
    for (const n of names) {
      const len = n.end - n.start;
      switch (n.kind) {
        case 'parameter':
          if (resource.kind !== 'pipeline') break;
          if (!has(params, n.name)) put(n.start, len, SemanticCodes.undeclaredParameter, formatMessage(SemanticCodes.undeclaredParameter, { name: n.name, hint: hintOf(n.name, params) }), 'error', 'semantic', { fix: 'declareParameter', name: n.name });
          break;
        case 'variable':
          if (resource.kind !== 'pipeline') break;
          if (!has(vars, n.name)) put(n.start, len, SemanticCodes.undeclaredVariable, formatMessage(SemanticCodes.undeclaredVariable, { name: n.name, hint: hintOf(n.name, vars) }), 'error', 'semantic', { fix: 'declareVariable', name: n.name });
          else if (owner && isSelfReference(owner, pathOf(node), n.name)) {
            // "Set Variable activity": the value cannot reference the variable being set (ADF refuses the pipeline).
            put(n.start, len, SemanticCodes.selfReferencingVariable, formatMessage(SemanticCodes.selfReferencingVariable, { name: n.name }), 'error', 'semantic');
          }
          break;
        case 'globalParameter':
          if (globals && !has(globals, n.name)) put(n.start, len, SemanticCodes.undeclaredGlobalParameter, formatMessage(SemanticCodes.undeclaredGlobalParameter, { name: n.name, hint: hintOf(n.name, globals) }), 'error', 'semantic');
          break;
        case 'libraryVariable': {
          // Microsoft Fabric: pipeline().libraryVariables.x needs a libraryVariables entry (library + variable).
          if (resource.kind !== 'pipeline' || !scope.factory.fabric) break;
          const declared = resource.properties?.libraryVariables && typeof resource.properties.libraryVariables === 'object' ? Object.keys(resource.properties.libraryVariables) : [];
          if (!has(declared, n.name)) put(n.start, len, FabricCodes.undeclaredLibraryVariable, `Library variable "${n.name}" is not declared in this pipeline's libraryVariables${hintOf(n.name, declared)}: add {"${n.name}": {"libraryName": "<VariableLibrary item>", "variableName": "<variable>", "type": "String"}} under properties.libraryVariables.`, 'error', 'semantic');
          break;
        }
        case 'datasetParameter':
          if (resource.kind === 'dataset' && !has(params, n.name)) put(n.start, len, SemanticCodes.undeclaredDatasetParameter, formatMessage(SemanticCodes.undeclaredDatasetParameter, { kind: 'Dataset', name: n.name, owner: 'dataset', hint: hintOf(n.name, params) }), 'error', 'semantic', { fix: 'declareParameter', name: n.name });
          break;
        case 'linkedServiceParameter':
          if (resource.kind === 'linkedService' && !has(params, n.name)) put(n.start, len, SemanticCodes.undeclaredDatasetParameter, formatMessage(SemanticCodes.undeclaredDatasetParameter, { kind: 'Linked service', name: n.name, owner: 'linked service', hint: hintOf(n.name, params) }), 'error', 'semantic', { fix: 'declareParameter', name: n.name });
          break;
        case 'returnValueKey': {
          const exec = n.activity ? activityNames.get(n.activity.toLowerCase())?.[0] : undefined;
          if (!exec || exec.type !== 'ExecutePipeline') break;
          const childName = childPipelineName(scope.factory, exec.type, exec.json);
          const child = typeof childName === 'string' ? findResource(scope.factory, 'pipeline', childName) : undefined;
          if (!child) break;
          const keys = returnValueKeys(child);
          if (keys && !keys.some((k) => k.toLowerCase() === n.name.toLowerCase())) {
            put(n.start, len, SemanticCodes.unknownReturnValueKey, keys.length ? formatMessage(SemanticCodes.unknownReturnValueKey, { pipeline: child.name, name: n.name, keys: keys.map((k) => `"${k}"`).join(', ') }) : formatMessage(SemanticCodes.unknownReturnValueKey, { pipeline: child.name, name: n.name }, 'noReturnValue'), 'warning', 'semantic');
          }
          break;
        }
        case 'activity': {
          if (!scope.activities) break;
          const targets = activityNames.get(n.name.toLowerCase());
          if (!targets) {
            put(n.start, len, SemanticCodes.unknownActivity, formatMessage(SemanticCodes.unknownActivity, { name: n.name, hint: hintOf(n.name, [...activityNames.values()].map((a) => a[0].name)) }), 'error', 'semantic');
            break;
          }
          const target = targets[0];
          if (owner && !targets.some((t) => isUpstream(owner, t))) {
            put(n.start, len, SemanticCodes.activityNotUpstream, formatMessage(SemanticCodes.activityNotUpstream, { owner: owner.name, target: target.name }), 'warning', 'semantic');
          }
          break;
        }
      }
    }
  }
}

/**
 * Keys a pipeline returns (SetVariable with setSystemVariable on pipelineReturnValue), or undefined when they
 * cannot be known statically (a return value given as one expression).
 */
function returnValueKeys(pipeline: Resource): string[] | undefined {
  const keys: string[] = [];
  for (const a of pipelineActivities(pipeline)) {
    const tp = a.json.typeProperties;
    if (a.type !== 'SetVariable' || !tp || tp.setSystemVariable !== true || tp.variableName !== 'pipelineReturnValue') continue;
    if (!Array.isArray(tp.value)) return undefined;
    for (const e of tp.value) if (e && typeof e.key === 'string') keys.push(e.key);
  }
  return keys;
}

function hintOf(name: string, known: string[]): string {
  const h = closestName(name, known);
  return h ? `; did you mean "${h}"?` : '.';
}

function declaredNames(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

function has(list: string[], name: string): boolean {
  const l = name.toLowerCase();
  return list.some((x) => x.toLowerCase() === l);
}

/** Global parameter names of a factory, or undefined when the factory's definition is not in the folder. */
function globalParameterNames(factory: Factory): string[] | undefined {
  const names: string[] = [];
  let known = false;
  for (const f of factory.resources.factory.values()) {
    const gp = f.properties?.globalParameters;
    if (gp && typeof gp === 'object') {
      known = true;
      names.push(...Object.keys(gp));
    }
  }
  for (const g of factory.resources.globalParameters.values()) {
    known = true;
    const p = g.json?.properties;
    if (p && typeof p === 'object') names.push(...Object.keys(p));
  }
  return known ? names : undefined;
}

/** The innermost activity whose JSON holds a path. */
function owningActivity(path: (string | number)[], byPath: Map<string, ActivityInfo>): ActivityInfo | undefined {
  for (let n = path.length; n > 0; n--) {
    const a = byPath.get(JSON.stringify(path.slice(0, n)));
    if (a) return a;
  }
  return undefined;
}

/**
 * Whether `target` has finished by the time `owner` runs: `target` (or a container holding it) is a dependsOn
 * ancestor of `owner` or of one of the containers holding `owner`.
 */
function isUpstream(owner: ActivityInfo, target: ActivityInfo): boolean {
  if (owner === target) return true;
  const upstream = new Set<ActivityInfo>();
  for (let a: ActivityInfo | undefined = owner; a; a = a.container) for (const x of ancestors(a)) upstream.add(x);
  for (let t: ActivityInfo | undefined = target; t; t = t.container) if (upstream.has(t)) return true;
  return false;
}

/** Transitive dependsOn ancestors of an activity among its siblings. */
function ancestors(a: ActivityInfo): Set<ActivityInfo> {
  const out = new Set<ActivityInfo>();
  const byName = new Map(a.siblings.map((s) => [s.name.toLowerCase(), s]));
  const stack = [a];
  while (stack.length) {
    const x = stack.pop()!;
    const deps = Array.isArray(x.json.dependsOn) ? x.json.dependsOn : [];
    for (const d of deps) {
      const t = typeof d?.activity === 'string' ? byName.get(d.activity.toLowerCase()) : undefined;
      if (t && !out.has(t)) {
        out.add(t);
        stack.push(t);
      }
    }
  }
  return out;
}
