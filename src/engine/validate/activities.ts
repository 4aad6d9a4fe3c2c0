/**
 * Pipeline structure rules: dependsOn (unknown activity, cycles, unknown conditions), nesting ADF forbids,
 * service limits, activity types unknown to the specification, and variables set by SetVariable/AppendVariable.
 */
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
            ? `Activity "${a.name}" depends on "${d.activity}", which is not in the same ${a.container ? `branch of "${a.container.name}"` : 'pipeline level'}; dependsOn can only name activities of the same container.`
            : `Activity "${a.name}" depends on "${d.activity}", which does not exist${hint ? `; did you mean "${hint}"?` : '.'}`;
          report(at(pipeline, [...base, 'activity'], SemanticCodes.unknownDependency, msg, 'error', { fix: 'replaceName', name: d.activity, ...(hint ? { suggestion: hint } : {}), candidates: a.siblings.map((s) => s.name).filter((n) => n !== a.name) }));
        }
      }
      if (Array.isArray(d.dependencyConditions)) {
        d.dependencyConditions.forEach((c: unknown, j: number) => {
          if (dependencyCondition(c)) return;
          const hint = dependencyConditionHint(c);
          report(at(pipeline, [...base, 'dependencyConditions', j], SemanticCodes.unknownDependencyCondition, `Unknown dependency condition ${JSON.stringify(c)}: use one of ${DEPENDENCY_CONDITIONS.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}.`, 'error', { fix: 'replaceName', name: c, ...(hint ? { suggestion: hint } : {}), candidates: DEPENDENCY_CONDITIONS }));
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
    `Activity "${a.name}" depends on ${target} with "Completed" and ${clashing.map((c) => `"${c}"`).join(' and ')}: the Upon Completion path cannot coexist with the Upon Success or Upon Failure path; keep only "Completed" (runs after either outcome) or only the specific outcome.`,
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
          report(at(pipeline, [...top.a.path, 'dependsOn', index, 'activity'], SemanticCodes.dependencyCycle, cycle.length === 1 ? `Activity "${top.a.name}" depends on itself.` : `Dependency cycle: ${[...cycle, cycle[0]].map((n) => `"${n}"`).join(' -> ')}. ADF cannot schedule activities that wait for each other.`));
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
          report(at(pipeline, [...a.path, 'type'], SemanticCodes.forbiddenNesting, `A ${a.type} activity ("${a.name}") cannot be nested in a ${c.type} ("${c.name}"): ForEach and Until support a single level of nesting. Move the inner loop into a separate pipeline and call it with ExecutePipeline.`));
          break;
        }
      }
    }
    if (kind && isBranching(a.type) && isBranching(a.container.type)) {
      report(at(pipeline, [...a.path, 'type'], SemanticCodes.forbiddenNesting, `An ${a.type} activity ("${a.name}") cannot be placed inside an ${a.container.type} ("${a.container.name}"). Move it into a separate pipeline and call it with ExecutePipeline.`));
    }
    if (a.type === 'Validation') {
      report(at(pipeline, [...a.path, 'type'], SemanticCodes.validationInContainer, `A Validation activity ("${a.name}") cannot be placed inside a container activity ("${a.container.name}").`));
    }
  }
}

/** Service limits: activities and parameters per pipeline, ForEach batch count. */
export function checkLimits(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  if (activities.length > Limits.activitiesPerPipeline) {
    report(at(pipeline, ['properties', 'activities'], SemanticCodes.tooManyActivities, `The pipeline has ${activities.length} activities (inner activities included); Data Factory allows at most ${Limits.activitiesPerPipeline}. Split it with ExecutePipeline.`));
  }
  const params = pipeline.properties?.parameters;
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const n = Object.keys(params).length;
    if (n > Limits.parametersPerPipeline) report(at(pipeline, ['properties', 'parameters'], SemanticCodes.tooManyParameters, `The pipeline declares ${n} parameters; Data Factory allows at most ${Limits.parametersPerPipeline}. Pass an object or array parameter instead.`));
  }
  for (const a of activities) {
    if (containerKind(a.type) !== 'ForEach') continue;
    const bc = a.json.typeProperties?.batchCount;
    if (typeof bc === 'number' && (bc > Limits.forEachBatchCount || bc < 1)) {
      report(at(pipeline, [...a.path, 'typeProperties', 'batchCount'], SemanticCodes.batchCountLimit, `ForEach "${a.name}" has batchCount ${bc}; Data Factory allows 1 to ${Limits.forEachBatchCount} parallel iterations.`));
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
    report(at(pipeline, [...a.path, 'type'], SemanticCodes.unknownType, `Unknown activity type "${a.type}"${hint ? `; did you mean "${hint}"?` : ' (not in the Data Factory specification this version knows).'}`, 'warning'));
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
        report(at(pipeline, ['properties', 'variables', name, 'defaultValue'], SemanticCodes.variableType, `The default value of variable "${name}" is ${jsonTypeOf(spec.defaultValue)} but the variable is declared ${type}.`));
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
        report(at(pipeline, path, SemanticCodes.returnValue, `"${vn}" is not a system variable: with setSystemVariable true, SetVariable can only set "pipelineReturnValue".`));
      } else if (tp.value !== undefined && !Array.isArray(tp.value) && !isExpressionLike(tp.value)) {
        report(at(pipeline, [...a.path, 'typeProperties', 'value'], SemanticCodes.returnValue, `The pipeline return value must be a list of {"key": ..., "value": {"type": ..., "content": ...}} entries.`));
      }
      continue;
    }
    const decl = declared.get(vn);
    if (!decl) {
      if (vn === 'pipelineReturnValue' && a.type === 'SetVariable') {
        report(at(pipeline, path, SemanticCodes.returnValue, `"pipelineReturnValue" is the pipeline return value, a system variable: set "setSystemVariable": true on this SetVariable (it is not declared as a pipeline variable).`, 'error', { fix: 'setSystemVariable' }));
        continue;
      }
      const hint = closestName(vn, names);
      report(at(pipeline, path, SemanticCodes.undeclaredVariable, `Variable "${vn}" is not declared in the pipeline's variables${hint ? `; did you mean "${hint}"?` : '.'}`, 'error', { fix: 'declareVariable', name: vn, type: a.type === 'AppendVariable' ? 'Array' : guessVariableType(tp.value) }));
      continue;
    }
    const type = decl.type?.toLowerCase();
    if (a.type === 'AppendVariable') {
      if (type && type !== 'array') report(at(pipeline, path, SemanticCodes.variableType, `AppendVariable needs an Array variable, but "${vn}" is declared ${decl.type}.`));
      continue;
    }
    const want = type ? VARIABLE_JSON_TYPES[type] : undefined;
    if (want && 'value' in tp && tp.value !== null && !isExpressionLike(tp.value) && jsonTypeOf(tp.value) !== want) {
      report(at(pipeline, [...a.path, 'typeProperties', 'value'], SemanticCodes.variableType, `Variable "${vn}" is declared ${decl.type} but this SetVariable assigns ${jsonTypeOf(tp.value) === 'array' ? 'an array' : `a ${jsonTypeOf(tp.value)}`}.`));
    }
  }
}

function guessVariableType(v: unknown): string {
  return Array.isArray(v) ? 'Array' : typeof v === 'boolean' ? 'Bool' : 'String';
}
