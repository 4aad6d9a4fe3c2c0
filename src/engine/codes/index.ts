/**
 * The diagnostic catalogue: one table per band. Every diagnostic and engine error code of the product comes from
 * these tables (no code is written as a literal elsewhere); the README's list of codes is generated from them
 * (`npm run gen:docs`).
 */
import type { Severity } from '../diagnostics';
import type { Band, CodeEntry } from './band';
import { JSON_BAND } from './json';
import { SCHEMA_BAND } from './schema';
import { SEMANTIC_BAND } from './semantic';
import { EXPRESSION_SYNTAX_BAND, EXPRESSION_EVALUATION_BAND } from './expression';
import { RUN_BAND } from './run';
import { TRIGGER_BAND } from './trigger';
import { DATAFLOW_BAND } from './dataflow';
import { fillTemplate, templatePattern, type MessageParams } from './template';
import { FABRIC_BAND } from './fabric';

export type { Band, CodeEntry } from './band';
export { placeholdersOf, type MessageParams } from './template';
export { schemaCodeOf } from './schema';
export { JSON_BAND, SCHEMA_BAND, SEMANTIC_BAND, EXPRESSION_SYNTAX_BAND, EXPRESSION_EVALUATION_BAND, RUN_BAND, TRIGGER_BAND, DATAFLOW_BAND, FABRIC_BAND };

export const JsonCodes = JSON_BAND.codes;
export const SchemaCodes = SCHEMA_BAND.codes;
export const SemanticCodes = SEMANTIC_BAND.codes;
export const ExprCodes = { ...EXPRESSION_SYNTAX_BAND.codes, ...EXPRESSION_EVALUATION_BAND.codes } as const;
export const TriggerCodes = TRIGGER_BAND.codes;
export const DataFlowCodes = DATAFLOW_BAND.codes;
export const RunCodes = RUN_BAND.codes;
export const FabricCodes = FABRIC_BAND.codes;

/** Every band, in code order. */
export const CATALOGUE: readonly Band<string>[] = [JSON_BAND, SCHEMA_BAND, SEMANTIC_BAND, EXPRESSION_SYNTAX_BAND, EXPRESSION_EVALUATION_BAND, RUN_BAND, TRIGGER_BAND, DATAFLOW_BAND, FABRIC_BAND];

let byCode: Map<string, CodeEntry> | undefined;

/** The catalogue entry of a code. */
export function codeEntry(code: string): CodeEntry | undefined {
  if (!byCode) {
    byCode = new Map();
    for (const b of CATALOGUE) {
      for (const e of Object.values(b.entries)) {
        if (byCode.has(e.code)) throw new Error(`Diagnostic code ${e.code} is defined twice.`);
        byCode.set(e.code, e);
      }
    }
  }
  return byCode.get(code);
}

/**
 * The message of a code: its catalogue template (or the named variant) with the named parameters filled in. A
 * missing or extra parameter, or an unknown code or variant, throws: every site's message is checked by the tests.
 */
export function formatMessage(code: string, params: MessageParams = {}, variant?: string): string {
  const e = codeEntry(code);
  if (!e) throw new Error(`No diagnostic code ${code} in the catalogue.`);
  return fillTemplate(e, params, variant);
}

/** Matches every message its code's template can produce (for tests). */
export function messagePattern(code: string): RegExp | undefined {
  const e = codeEntry(code);
  return e && templatePattern(e);
}

/** The catalogue's severity of a code (what a diagnostic with this code reports). */
export function severityOf(code: string): Severity {
  return codeEntry(code)?.severity ?? 'error';
}

/** The list of codes as README markdown (one table per band). */
export function catalogueMarkdown(): string {
  const out: string[] = [];
  for (const b of CATALOGUE) {
    out.push(`**${b.prefix}xxx — ${b.title}**`, '', '| Code | Severity | Message | Meaning |', '| --- | --- | --- | --- |');
    const rows = Object.values(b.entries).sort((x, y) => x.code.localeCompare(y.code));
    for (const e of rows) out.push(`| ${e.code} | ${e.severity} | ${[e.message, ...Object.values(e.variants ?? {})].map(cell).join('<br>')} | ${cell(e.doc)} |`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
