/**
 * Quick fixes for validator diagnostics that carry fix data:
 *   {fix: 'declareParameter', name}            add `name` to properties.parameters
 *   {fix: 'declareVariable', name, type?}      add `name` to properties.variables
 *   {fix: 'replaceName', name, suggestion?, candidates?}  replace an unknown name with the closest known one
 * Produces text edits on the document's current text (jsonc-parser `modify` keeps formatting). Pure.
 */
import { modify, type Edit } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics';
import type { JsonDocument } from '../json/document';
import { levenshtein } from '../text';

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

/** Levenshtein distance, case-insensitive (ADF names compare case-insensitively). */
export function editDistance(a: string, b: string): number {
  return levenshtein(a.toLowerCase(), b.toLowerCase());
}

/** Known names closest to `name` (distance at most a third of its length, at least 2), best first. */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter((x) => x.d <= limit && x.c !== name)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
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
      default:
        return [];
    }
  } catch {
    return [];
  }
}

/** Applies edits to a text (for tests and the CLI). */
export function applyEdits(text: string, edits: QuickFix['edits']): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}
