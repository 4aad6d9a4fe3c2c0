/**
 * Completion inside expressions in resource files: functions with signatures, `pipeline().` system
 * variables, `pipeline().parameters.` names, `variables('` names, `activity('` names of activities that run
 * before the current one, `item()` only inside ForEach, activity output properties, dataset()/linkedService()
 * parameters, global parameters when given. Pure: takes the file text, the cursor offset and optionally the
 * resource JSON and the factory's global parameters.
 */
import { parseTree } from 'jsonc-parser';
import type { Expr } from '../ast';
import { windowsZoneNames } from '../dates/timeZones';
import { allFunctions } from '../functions';
import { cursorContext } from './cursor';
import { stringAt } from './jsonString';
import { ACTIVITY_OUTPUTS, resourceJson, scopeAt, type Declared, type ExprScope } from './scope';

export type CompletionKind = 'function' | 'property' | 'parameter' | 'variable' | 'activity' | 'keyword';

export interface ExprCompletion {
  label: string;
  kind: CompletionKind;
  /** Signature or type. */
  detail?: string;
  documentation?: string;
  /** Text to insert; may contain snippet placeholders `$1` / `$0` when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** File range the completion replaces. */
  range: { offset: number; length: number };
  sortText?: string;
}

export interface CompletionOptions {
  /** The factory's global parameters (from factory/*.json), for `pipeline().globalParameters.`. */
  globalParameters?: Declared[];
}

export const PIPELINE_PROPERTIES: [string, string][] = [
  ['parameters', 'The pipeline parameters (pipeline().parameters.name).'],
  ['globalParameters', 'The factory global parameters (pipeline().globalParameters.name).'],
  ['DataFactory', 'Name of the data factory the pipeline run is running in.'],
  ['Pipeline', 'Name of the pipeline.'],
  ['RunId', 'ID of the specific pipeline run.'],
  ['TriggerType', 'The type of trigger that invoked the pipeline (for example ScheduleTrigger, Manual).'],
  ['TriggerId', 'ID of the trigger that invoked the pipeline.'],
  ['TriggerName', 'Name of the trigger that invoked the pipeline.'],
  ['TriggerTime', 'Time of the trigger run that invoked the pipeline.'],
  ['GroupId', 'ID of the group to which the pipeline run belongs.'],
  ['TriggeredByPipelineName', 'Name of the pipeline that triggered this pipeline (ExecutePipeline).'],
  ['TriggeredByPipelineRunId', 'Run ID of the pipeline that triggered this pipeline (ExecutePipeline).'],
];

export const TRIGGER_PROPERTIES: [string, string][] = [
  ['startTime', 'Time at which the trigger fired.'],
  ['scheduledTime', 'Time at which the trigger was scheduled to fire.'],
  ['outputs', 'Outputs of the trigger (for event triggers: outputs.body.folderPath, outputs.body.fileName).'],
];

function isCall(e: Expr, name: string): boolean {
  return e.kind === 'call' && e.name.toLowerCase() === name.toLowerCase();
}

function declaredDetail(d: Declared): string {
  return d.type ? `${d.type}${d.defaultValue !== undefined ? ` = ${JSON.stringify(d.defaultValue)}` : ''}` : 'declared';
}

/** Member names offered after `<object>.`. */
function memberItems(object: Expr, scope: ExprScope): { label: string; kind: CompletionKind; detail?: string; doc?: string }[] {
  if (isCall(object, 'pipeline')) return PIPELINE_PROPERTIES.map(([label, doc]) => ({ label, kind: 'property', doc }));
  if (object.kind === 'member' && isCall(object.object, 'pipeline') && object.name.toLowerCase() === 'globalparameters') {
    return (scope.globalParameters ?? []).map((p) => ({ label: p.name, kind: 'parameter', detail: declaredDetail(p) }));
  }
  if (object.kind === 'member' && isCall(object.object, 'pipeline') && object.name.toLowerCase() === 'parameters') {
    return scope.kind === 'pipeline' ? scope.parameters.map((p) => ({ label: p.name, kind: 'parameter', detail: declaredDetail(p) })) : [];
  }
  if ((isCall(object, 'dataset') && scope.kind === 'dataset') || (isCall(object, 'linkedService') && scope.kind === 'linkedService')) {
    return scope.parameters.map((p) => ({ label: p.name, kind: 'parameter', detail: declaredDetail(p) }));
  }
  if (isCall(object, 'trigger')) return TRIGGER_PROPERTIES.map(([label, doc]) => ({ label, kind: 'property', doc }));
  if (isCall(object, 'activity')) {
    return [
      { label: 'output', kind: 'property', doc: 'The output of the activity.' },
      { label: 'status', kind: 'property', doc: 'The status of the activity: Succeeded, Failed, Skipped, ...' },
      { label: 'error', kind: 'property', doc: 'The error of a failed activity: errorCode, message, failureType, target.' },
    ];
  }
  if (object.kind === 'member' && isCall(object.object, 'activity') && object.name.toLowerCase() === 'output') {
    const arg = (object.object as Expr & { kind: 'call' }).args[0];
    const target = arg?.kind === 'string' ? scope.activities.find((a) => a.name.toLowerCase() === arg.value.toLowerCase()) : undefined;
    return (target ? (ACTIVITY_OUTPUTS[target.type] ?? []) : []).map((label) => ({ label, kind: 'property', detail: `${target!.type} output` }));
  }
  if (object.kind === 'member' && isCall(object.object, 'activity') && object.name.toLowerCase() === 'error') {
    return ['errorCode', 'message', 'failureType', 'target'].map((label) => ({ label, kind: 'property' }));
  }
  return [];
}

/**
 * Completion items at `offset` in `text` (a resource file). `json` is the parsed resource (parsed from
 * `text` when omitted). Returns [] outside expressions.
 */
export function completeExpression(text: string, offset: number, json?: unknown, options?: CompletionOptions): ExprCompletion[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const at = stringAt(text, offset, root);
  if (!at || at.isKey) return [];
  return completeValue(at.value, at.toValue(offset), resourceJson(text, json), at.path, at.toFile, options);
}

/**
 * Completion items inside a string value that stands at `path` of a resource's JSON (`json`), e.g. an expression
 * typed in a debugger console in the scope of an activity. Ranges are offsets in `value`.
 */
export function completeExpressionIn(json: unknown, path: (string | number)[], value: string, offset: number, options?: CompletionOptions): ExprCompletion[] {
  return completeValue(value, offset, json, path, (v) => v, options);
}

function completeValue(value: string, valueOffset: number, json: unknown, path: (string | number)[], toFile: (v: number) => number, options?: CompletionOptions): ExprCompletion[] {
  const ctx = cursorContext(value, valueOffset);
  if (ctx.kind === 'none') return [];
  const scope = scopeAt(json, path);
  if (options?.globalParameters) scope.globalParameters = options.globalParameters;
  const range = { offset: toFile(ctx.start), length: toFile(ctx.end) - toFile(ctx.start) };
  const lower = ctx.prefix.toLowerCase();
  const match = (label: string) => label.toLowerCase().startsWith(lower);
  const out: ExprCompletion[] = [];
  switch (ctx.kind) {
    case 'value': {
      for (const f of allFunctions) {
        if (f.name === 'item' && !scope.inForEach) continue;
        if ((f.name === 'variables' || f.name === 'activity') && scope.kind !== 'pipeline') continue;
        if (f.name === 'dataset' && scope.kind !== 'dataset') continue;
        if (f.name === 'linkedService' && scope.kind !== 'linkedService') continue;
        if (!match(f.name)) continue;
        const noArgs = f.maxArgs === 0;
        out.push({
          label: f.name,
          kind: 'function',
          detail: f.signature,
          documentation: f.doc,
          insertText: noArgs ? `${f.name}()` : `${f.name}($1)$0`,
          snippet: !noArgs,
          range,
          sortText: `${f.category === 'system' ? '0' : '1'}${f.name.toLowerCase()}`,
        });
      }
      for (const k of ['true', 'false', 'null']) if (match(k) && lower) out.push({ label: k, kind: 'keyword', insertText: k, range });
      return out;
    }
    case 'member':
      for (const m of memberItems(ctx.object, scope)) {
        if (!match(m.label)) continue;
        const plain = /^[A-Za-z_$][\w$]*$/.test(m.label);
        out.push({ label: m.label, kind: m.kind, detail: m.detail, documentation: m.doc, insertText: plain ? m.label : m.label, range });
      }
      return out;
    case 'string': {
      const fn = ctx.fn.toLowerCase();
      const zoneArgs: Record<string, number[]> = { convertfromutc: [1], converttoutc: [1], converttimezone: [1, 2] };
      if (zoneArgs[fn]?.includes(ctx.argIndex)) {
        for (const z of windowsZoneNames()) if (match(z)) out.push({ label: z, kind: 'keyword', detail: 'Windows time zone', insertText: z, range });
        return out;
      }
      const unitArg: Record<string, number> = { addtotime: 2, subtractfromtime: 2, getfuturetime: 1, getpasttime: 1 };
      if (unitArg[fn] === ctx.argIndex) {
        for (const u of ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year']) if (match(u)) out.push({ label: u, kind: 'keyword', detail: 'time unit', insertText: u, range });
        return out;
      }
      if (ctx.argIndex !== 0) return [];
      if (fn === 'variables' && scope.kind === 'pipeline') {
        for (const v of scope.variables) if (match(v.name)) out.push({ label: v.name, kind: 'variable', detail: declaredDetail(v), insertText: v.name.replace(/'/g, "''"), range });
      } else if (fn === 'activity' && scope.kind === 'pipeline') {
        for (const a of scope.upstream) if (match(a.name)) out.push({ label: a.name, kind: 'activity', detail: a.type, insertText: a.name.replace(/'/g, "''"), range });
      }
      return out;
    }
  }
}
