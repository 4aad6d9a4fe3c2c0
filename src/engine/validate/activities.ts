/**
 * Pipeline structure rules: dependsOn (unknown activity, cycles, unknown conditions), nesting ADF forbids,
 * service limits, activity types unknown to the specification, and variables set by SetVariable/AppendVariable.
 */
import { formatMessage } from '../codes';
import { fabricTypeDifference } from '../fabric';
import { SCHEMAS } from '../schema';
import { closestName } from '../text';
import type { Resource } from '../model/types';
import { CONTAINER_TYPES, containerKind, dependencyCondition, dependencyConditionHint, DEPENDENCY_CONDITIONS, type ActivityInfo } from '../model';
import { at, Limits, SemanticCodes, type Report } from './context';
import { isExpressionLike } from './expressions';


/** Discriminator values the specification knows for a union definition of a schema. */
export function knownTypes(schema: object, definition: string): string[] {
  const d = (schema as any)?.definitions?.[definition];
  const ex = d?.properties?.type?.examples;
  return Array.isArray(ex) ? ex : [];
}

let activityTypes: Set<string> | undefined;

export function checkDependsOn(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  const scopes = new Map<ActivityInfo[], Map<string, ActivityInfo>>();
  const scopeOf = (a: ActivityInfo) => {
    let m = scopes.get(a.siblings);
    if (!m) {
      m = new Map();
      for (const s of a.siblings) if (!m.has(s.name.toLowerCase())) m.set(s.name.toLowerCase(), s);
      scopes.set(a.siblings, m);
    }
    return m;
  };
  let allNames: Set<string> | undefined;
  for (const a of activities) {
    const deps = a.json.dependsOn;
    if (!Array.isArray(deps)) continue;
    deps.forEach((d: any, i: number) => {
      if (!d || typeof d !== 'object') return;
      const base = [...a.path, 'dependsOn', i];
      if (typeof d.activity === 'string') {
        const target = scopeOf(a).get(d.activity.toLowerCase());
        if (!target) {
          allNames ??= new Set(activities.map((x) => x.name.toLowerCase()));
          const elsewhere = allNames.has(d.activity.toLowerCase());
          const hint = closestName(d.activity, a.siblings.map((s) => s.name).filter((n) => n !== a.name));
          const msg = elsewhere
            ? formatMessage(SemanticCodes.unknownDependency, { name: a.name, target: d.activity, scope: a.container ? `branch of "${a.container.name}"` : 'pipeline level' }, 'otherContainer')
            : formatMessage(SemanticCodes.unknownDependency, { name: a.name, target: d.activity, hint: hint ? `; did you mean "${hint}"?` : '.' });
          report(at(pipeline, [...base, 'activity'], SemanticCodes.unknownDependency, msg, 'error', { fix: 'replaceName', name: d.activity, ...(hint ? { suggestion: hint } : {}), candidates: a.siblings.map((s) => s.name).filter((n) => n !== a.name) }));
        }
      }
      if (Array.isArray(d.dependencyConditions)) {
        d.dependencyConditions.forEach((c: unknown, j: number) => {
          if (dependencyCondition(c)) return;
          const hint = dependencyConditionHint(c);
          report(at(pipeline, [...base, 'dependencyConditions', j], SemanticCodes.unknownDependencyCondition, formatMessage(SemanticCodes.unknownDependencyCondition, { value: JSON.stringify(c), conditions: DEPENDENCY_CONDITIONS.join(', '), hint: hint ? ` (did you mean "${hint}"?)` : '' }), 'error', { fix: 'replaceName', name: c, ...(hint ? { suggestion: hint } : {}), candidates: DEPENDENCY_CONDITIONS }));
        });
        checkCompletionWithOutcome(pipeline, a, d, base, report);
      }
    });
  }
  checkCycles(pipeline, activities, report);
}

/**
 * ADF's rule for the paths after one activity: "Upon Completion" cannot coexist with "Upon Success" or
 * "Upon Failure" on the same dependency (Completed already covers both outcomes).
 */
function checkCompletionWithOutcome(pipeline: Resource, a: ActivityInfo, d: any, base: (string | number)[], report: Report): void {
  const conditions: unknown[] = d.dependencyConditions;
  if (!conditions.includes('Completed')) return;
  const clashing = conditions.filter((c): c is string => c === 'Succeeded' || c === 'Failed');
  if (!clashing.length) return;
  const target = typeof d.activity === 'string' ? `"${d.activity}"` : 'the upstream activity';
  report(at(pipeline, [...base, 'dependencyConditions'], SemanticCodes.completionWithOutcome,
    formatMessage(SemanticCodes.completionWithOutcome, { name: a.name, target, outcomes: clashing.map((c) => `"${c}"`).join(' and ') }),
    'error', { fix: 'removeConditions', remove: clashing }));
}

/** dependsOn cycles within each list of sibling activities (a self-dependency included). Iterative DFS. */
function checkCycles(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  const lists = new Set(activities.map((a) => a.siblings));
  for (const siblings of lists) {
    const byName = new Map(siblings.map((s) => [s.name.toLowerCase(), s]));
    const edges = (a: ActivityInfo): { target: ActivityInfo; index: number }[] => {
      const deps = Array.isArray(a.json.dependsOn) ? a.json.dependsOn : [];
      const out: { target: ActivityInfo; index: number }[] = [];
      deps.forEach((d: any, index: number) => {
        const target = typeof d?.activity === 'string' ? byName.get(d.activity.toLowerCase()) : undefined;
        if (target) out.push({ target, index });
      });
      return out;
    };
    const state = new Map<ActivityInfo, 1 | 2>();
    const reported = new Set<string>();
    for (const start of siblings) {
      if (state.has(start)) continue;
      // Frames: the activity, its outgoing edges and the next edge to follow; `path` is the grey chain.
      const frames: { a: ActivityInfo; edges: { target: ActivityInfo; index: number }[]; next: number }[] = [{ a: start, edges: edges(start), next: 0 }];
      const path: ActivityInfo[] = [start];
      state.set(start, 1);
      while (frames.length) {
        const top = frames[frames.length - 1];
        if (top.next >= top.edges.length) {
          state.set(top.a, 2);
          frames.pop();
          path.pop();
          continue;
        }
        const { target, index } = top.edges[top.next++];
        const st = state.get(target);
        if (st === 1) {
          const cycle = path.slice(path.indexOf(target)).map((x) => x.name);
          const key = [...cycle].sort().join('\u0000');
          if (reported.has(key)) continue;
          reported.add(key);
          report(at(pipeline, [...top.a.path, 'dependsOn', index, 'activity'], SemanticCodes.dependencyCycle, cycle.length === 1 ? formatMessage(SemanticCodes.dependencyCycle, { name: top.a.name }, 'self') : formatMessage(SemanticCodes.dependencyCycle, { cycle: [...cycle, cycle[0]].map((n) => `"${n}"`).join(' -> ') })));
        } else if (st === undefined) {
          state.set(target, 1);
          path.push(target);
          frames.push({ a: target, edges: edges(target), next: 0 });
        }
      }
    }
  }
}

/**
 * Nesting ADF forbids (concepts-nested-activities): ForEach/Until cannot hold a ForEach/Until at any depth;
 * IfCondition/Switch cannot sit directly in an IfCondition/Switch; Validation cannot be inside a container.
 */
export function checkNesting(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  for (const a of activities) {
    if (!a.container) continue;
    const kind = containerKind(a.type);
    const isLoop = (t: string) => containerKind(t) === 'ForEach' || containerKind(t) === 'Until';
    const isBranching = (t: string) => containerKind(t) === 'IfCondition' || containerKind(t) === 'Switch';
    if (isLoop(a.type)) {
      for (let c: ActivityInfo | undefined = a.container; c; c = c.container) {
        if (isLoop(c.type)) {
          report(at(pipeline, [...a.path, 'type'], SemanticCodes.forbiddenNesting, formatMessage(SemanticCodes.forbiddenNesting, { type: a.type, name: a.name, container: c.type, containerName: c.name })));
          break;
        }
      }
    }
    if (kind && isBranching(a.type) && isBranching(a.container.type)) {
      report(at(pipeline, [...a.path, 'type'], SemanticCodes.forbiddenNesting, formatMessage(SemanticCodes.forbiddenNesting, { type: a.type, name: a.name, container: a.container.type, containerName: a.container.name }, 'conditional')));
    }
    if (a.type === 'Validation') {
      report(at(pipeline, [...a.path, 'type'], SemanticCodes.validationInContainer, formatMessage(SemanticCodes.validationInContainer, { name: a.name, container: a.container.name })));
    }
  }
}

/** Service limits: activities and parameters per pipeline, ForEach batch count. */
export function checkLimits(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  if (activities.length > Limits.activitiesPerPipeline) {
    report(at(pipeline, ['properties', 'activities'], SemanticCodes.tooManyActivities, formatMessage(SemanticCodes.tooManyActivities, { count: activities.length, max: Limits.activitiesPerPipeline })));
  }
  const params = pipeline.properties?.parameters;
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const n = Object.keys(params).length;
    if (n > Limits.parametersPerPipeline) report(at(pipeline, ['properties', 'parameters'], SemanticCodes.tooManyParameters, formatMessage(SemanticCodes.tooManyParameters, { count: n, max: Limits.parametersPerPipeline })));
  }
  for (const a of activities) {
    if (containerKind(a.type) !== 'ForEach') continue;
    const bc = a.json.typeProperties?.batchCount;
    if (typeof bc === 'number' && (bc > Limits.forEachBatchCount || bc < 1)) {
      report(at(pipeline, [...a.path, 'typeProperties', 'batchCount'], SemanticCodes.batchCountLimit, formatMessage(SemanticCodes.batchCountLimit, { name: a.name, value: bc, max: Limits.forEachBatchCount })));
    }
  }
}

/** Activity types the specification does not know (typos, or types newer than it): a warning. */
export function checkActivityTypes(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  activityTypes ??= new Set(knownTypes(SCHEMAS.pipeline, 'Activity'));
  if (!activityTypes.size) return;
  for (const a of activities) {
    if (!a.type || activityTypes.has(a.type) || CONTAINER_TYPES.has(a.type)) continue;
    // Fabric's own activity types are known (the Fabric rules report them where they do not belong).
    if (fabricTypeDifference(a.type)?.status === 'fabric-only') continue;
    const hint = closestName(a.type, [...activityTypes]);
    report(at(pipeline, [...a.path, 'type'], SemanticCodes.unknownType, formatMessage(SemanticCodes.unknownType, { kind: 'activity', type: a.type, hint: hint ? `; did you mean "${hint}"?` : ' (not in the Data Factory specification this version knows).' }), 'warning'));
  }
}

/** Variable type names ADF uses and the JSON type a literal value must have. */
const VARIABLE_JSON_TYPES: Record<string, string> = { string: 'string', bool: 'boolean', boolean: 'boolean', array: 'array', integer: 'number', int: 'number' };

function jsonTypeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** SetVariable/AppendVariable: declared variables, value types, and the pipeline return value. */
export function checkVariables(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  const vars = pipeline.properties?.variables;
  const declared = new Map<string, { name: string; type?: string }>();
  if (vars && typeof vars === 'object' && !Array.isArray(vars)) {
    for (const [name, spec] of Object.entries(vars as Record<string, any>)) {
      const type = typeof spec?.type === 'string' ? spec.type : undefined;
      declared.set(name, { name, type });
      const want = type ? VARIABLE_JSON_TYPES[type.toLowerCase()] : undefined;
      if (want && spec && 'defaultValue' in spec && spec.defaultValue !== null && !isExpressionLike(spec.defaultValue) && jsonTypeOf(spec.defaultValue) !== want) {
        report(at(pipeline, ['properties', 'variables', name, 'defaultValue'], SemanticCodes.variableType, formatMessage(SemanticCodes.variableType, { name, actual: jsonTypeOf(spec.defaultValue), type }, 'defaultValue')));
      }
    }
  }
  const names = [...declared.keys()];
  for (const a of activities) {
    if (a.type !== 'SetVariable' && a.type !== 'AppendVariable') continue;
    const tp = a.json.typeProperties;
    if (!tp || typeof tp !== 'object') continue;
    const vn = tp.variableName;
    if (typeof vn !== 'string') continue;
    const path = [...a.path, 'typeProperties', 'variableName'];
    if (a.type === 'SetVariable' && tp.setSystemVariable === true) {
      if (vn !== 'pipelineReturnValue') {
        report(at(pipeline, path, SemanticCodes.returnValue, formatMessage(SemanticCodes.returnValue, { name: vn }, 'notSystemVariable')));
      } else if (tp.value !== undefined && !Array.isArray(tp.value) && !isExpressionLike(tp.value)) {
        report(at(pipeline, [...a.path, 'typeProperties', 'value'], SemanticCodes.returnValue, formatMessage(SemanticCodes.returnValue, {}, 'shape')));
      }
      continue;
    }
    const decl = declared.get(vn);
    if (!decl) {
      if (vn === 'pipelineReturnValue' && a.type === 'SetVariable') {
        report(at(pipeline, path, SemanticCodes.returnValue, formatMessage(SemanticCodes.returnValue), 'error', { fix: 'setSystemVariable' }));
        continue;
      }
      const hint = closestName(vn, names);
      report(at(pipeline, path, SemanticCodes.undeclaredVariable, formatMessage(SemanticCodes.undeclaredVariable, { name: vn, hint: hint ? `; did you mean "${hint}"?` : '.' }, 'setVariable'), 'error', { fix: 'declareVariable', name: vn, type: a.type === 'AppendVariable' ? 'Array' : guessVariableType(tp.value) }));
      continue;
    }
    const type = decl.type?.toLowerCase();
    if (a.type === 'AppendVariable') {
      if (type && type !== 'array') report(at(pipeline, path, SemanticCodes.variableType, formatMessage(SemanticCodes.variableType, { name: vn, type: String(decl.type) }, 'append')));
      continue;
    }
    const want = type ? VARIABLE_JSON_TYPES[type] : undefined;
    if (want && 'value' in tp && tp.value !== null && !isExpressionLike(tp.value) && jsonTypeOf(tp.value) !== want) {
      report(at(pipeline, [...a.path, 'typeProperties', 'value'], SemanticCodes.variableType, formatMessage(SemanticCodes.variableType, { name: vn, type: String(decl.type), actual: jsonTypeOf(tp.value) === 'array' ? 'an array' : `a ${jsonTypeOf(tp.value)}` })));
    }
  }
}

function guessVariableType(v: unknown): string {
  return Array.isArray(v) ? 'Array' : typeof v === 'boolean' ? 'Bool' : 'String';
}
