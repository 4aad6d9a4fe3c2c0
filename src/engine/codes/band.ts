/**
 * The shape of the diagnostic catalogue: one table per band, each entry a code with its severity, a message
 * template (placeholders in braces, filled in where the problem is found; `formatMessage` in ./index.ts) and one
 * line of documentation.
 */
import type { Severity } from '../diagnostics';

export interface CodeEntry {
  code: string;
  severity: Severity;
  /** The message's shape; `{name}` marks what the site fills in. */
  message: string;
  /** Other phrasings of the same problem, by name, for sites that report it differently (same placeholder syntax). */
  variants?: Readonly<Record<string, string>>;
  /** One line for the README's code list: what the problem is and how to fix it. */
  doc: string;
}

export interface Band<K extends string> {
  /** "ADF2" for ADF2xxx. */
  prefix: string;
  title: string;
  entries: Readonly<Record<K, CodeEntry>>;
  /** Key → code, the form callers write (`SemanticCodes.unresolvedReference`). */
  codes: Readonly<Record<K, string>>;
}

/** Defines a band; throws at load time when a code is outside the band or used twice (a test loads them all). */
export function defineBand<K extends string>(prefix: string, title: string, entries: Record<K, CodeEntry>): Band<K> {
  const seen = new Set<string>();
  for (const e of Object.values(entries) as CodeEntry[]) {
    if (!new RegExp(`^${prefix}\\d{3}$`).test(e.code)) throw new Error(`Diagnostic code ${e.code} is outside band ${prefix}xxx.`);
    if (seen.has(e.code)) throw new Error(`Diagnostic code ${e.code} is defined twice.`);
    seen.add(e.code);
  }
  const codes = Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, (e as CodeEntry).code])) as Record<K, string>;
  return { prefix, title, entries, codes };
}
