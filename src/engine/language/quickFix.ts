/**
 * Quick fixes for validator diagnostics that carry fix data:
 *   {fix: 'declareParameter', name}            add `name` to properties.parameters
 *   {fix: 'declareVariable', name, type?}      add `name` to properties.variables
 *   {fix: 'replaceName', name, suggestion?, candidates?}  replace an unknown name with the closest known one
 *   {fix: 'addPolicy', activityPath}           lint: give an activity a 1-hour timeout and one retry
 *   {fix: 'literalToParameter', path, name, scope, secure?}  lint: move a literal into a pipeline or linked service
 *                                              parameter (a SecureString without default for secrets)
 * Produces text edits on the document's current text (jsonc-parser `modify` keeps formatting). Pure.
 */
import { modify, type Edit } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics';
import type { JsonDocument } from '../json/document';
import { closestNames } from '../text';

export { closestNames };

export interface QuickFix {
  title: string;
  /** Edits on the diagnostic's file, in the order jsonc-parser produced them (non-overlapping). */
  edits: { offset: number; length: number; newText: string }[];
  preferred?: boolean;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 4, eol: '\n' } };

function detectIndent(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const m = /\n([ \t]+)\S/.exec(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (!m) return { ...FORMAT.formattingOptions, eol };
  if (m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m[1].length, eol };
}

function toEdits(edits: Edit[]): QuickFix['edits'] {
  return edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
}

/** Fixes for one diagnostic on a document (empty when none apply). */
export function quickFixesFor(doc: JsonDocument, d: Diagnostic): QuickFix[] {
  const data = d.data ?? {};
  const name = typeof data.name === 'string' ? data.name : undefined;
  const fmt = { formattingOptions: detectIndent(doc.text) };
  try {
    switch (data.fix) {
      case 'declareParameter': {
        if (!name) return [];
        const type = typeof data.type === 'string' ? data.type : 'string';
        return [{ title: `Declare pipeline parameter '${name}'`, edits: toEdits(modify(doc.text, ['properties', 'parameters', name], { type }, fmt)), preferred: true }];
      }
      case 'declareVariable': {
        if (!name) return [];
        const type = typeof data.type === 'string' ? data.type : 'String';
        return [{ title: `Declare variable '${name}'`, edits: toEdits(modify(doc.text, ['properties', 'variables', name], { type }, fmt)), preferred: true }];
      }
      case 'replaceName': {
        const suggestions = typeof data.suggestion === 'string' ? [data.suggestion] : Array.isArray(data.candidates) && name ? closestNames(name, data.candidates.filter((c): c is string => typeof c === 'string')) : [];
        const raw = doc.text.slice(d.offset, d.offset + d.length);
        return suggestions.map((s, i) => {
          // The range is either the JSON string (with quotes) or the bare name inside an expression.
          const quoted = raw.startsWith('"') && raw.endsWith('"');
          const newText = quoted ? JSON.stringify(s) : name && raw !== name && raw.includes(name) ? raw.replace(name, s) : s;
          return { title: `Change to '${s}'`, edits: [{ offset: d.offset, length: d.length, newText }], preferred: i === 0 };
        });
      }
      case 'addPolicy': {
        const p = Array.isArray(data.activityPath) ? (data.activityPath as (string | number)[]) : undefined;
        if (!p) return [];
        const activity = valueAtPath(doc.value, p) as Record<string, any> | undefined;
        if (!activity || typeof activity !== 'object') return [];
        const old = activity.policy && typeof activity.policy === 'object' ? activity.policy : {};
        const policy = { ...old, timeout: LINT_FIX_TIMEOUT, retry: 1, retryIntervalInSeconds: typeof old.retryIntervalInSeconds === 'number' ? old.retryIntervalInSeconds : 60 };
        return [{ title: `Set a ${LINT_FIX_TIMEOUT} timeout and one retry on '${activity.name ?? 'the activity'}'`, edits: toEdits(modify(doc.text, [...p, 'policy'], policy, fmt)), preferred: true }];
      }
      case 'literalToParameter': {
        const p = Array.isArray(data.path) ? (data.path as (string | number)[]) : undefined;
        const literal = p ? valueAtPath(doc.value, p) : undefined;
        if (!p || typeof literal !== 'string') return [];
        const secure = data.secure === true;
        const scope = data.scope === 'linkedService' ? 'linkedService' : 'pipeline';
        const existing = (valueAtPath(doc.value, ['properties', 'parameters']) ?? {}) as Record<string, unknown>;
        const base = parameterName(String(data.name ?? 'value'));
        let pname = base;
        for (let i = 2; Object.keys(existing).some((k) => k.toLowerCase() === pname.toLowerCase()); i++) pname = `${base}${i}`;
        const def = secure ? { type: 'SecureString' } : { type: 'String', defaultValue: literal };
        const replacement = scope === 'linkedService' ? `@{linkedService().${pname}}` : { value: `@pipeline().parameters.${pname}`, type: 'Expression' };
        // Applied one after the other (jsonc-parser may reformat a neighbour), then returned as one edit.
        const replaced = applyEdits(doc.text, toEdits(modify(doc.text, p, replacement, fmt)));
        const final = applyEdits(replaced, toEdits(modify(replaced, ['properties', 'parameters', pname], def, fmt)));
        const edits = [singleEdit(doc.text, final)];
        return [{ title: secure ? `Move the secret into SecureString parameter '${pname}'` : `Move the value into parameter '${pname}' (default: the current value)`, edits, preferred: true }];
      }
      default:
        return [];
    }
  } catch {
    return [];
  }
}

/** Timeout the lint quick fix sets (ADF's minimum is 10 minutes). */
export const LINT_FIX_TIMEOUT = '0.01:00:00';

function valueAtPath(root: unknown, p: (string | number)[]): unknown {
  let v: any = root;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k as any];
  }
  return v;
}

/** A parameter name from a property name: letters, digits and underscores, starting with a letter. */
function parameterName(key: string): string {
  const s = key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '');
  return s || 'value';
}

/** One edit turning `from` into `to`: the changed middle between their common prefix and suffix. */
function singleEdit(from: string, to: string): QuickFix['edits'][number] {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (end < from.length - start && end < to.length - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { offset: start, length: from.length - start - end, newText: to.slice(start, to.length - end) };
}

/** Applies edits to a text (for tests and the CLI). */
export function applyEdits(text: string, edits: QuickFix['edits']): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}
