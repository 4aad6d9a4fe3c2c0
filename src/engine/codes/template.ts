/**
 * Message templates of the catalogue: `{name}` marks a value the site fills in (a name is a letter followed by
 * letters or digits; any other brace is text, e.g. "'@{'"). Every diagnostic and engine error message is made by
 * `formatMessage` (./index.ts) from its code's template, and a test matches every message the fixtures produce
 * against `messagePattern` of its code.
 */
import type { CodeEntry } from './band';

/** A value for a placeholder: text, a number, or a list of already formatted parts. */
export type MessageParams = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * The entry's template with every placeholder replaced by its parameter. A placeholder without a parameter, or a
 * parameter the template does not have, is a programming error and throws (with the code, template and names).
 */
export function fillTemplate(entry: CodeEntry, params: MessageParams = {}, variant?: string): string {
  const template = variant === undefined ? entry.message : entry.variants?.[variant];
  if (template === undefined) throw new Error(`Message of ${entry.code}: no variant "${variant}".`);
  const names = placeholdersOf(template);
  const missing = names.filter((n) => params[n] === undefined);
  const extra = Object.keys(params).filter((k) => !names.includes(k));
  if (missing.length || extra.length) {
    const parts = [missing.length ? `missing ${missing.map((n) => `{${n}}`).join(', ')}` : '', extra.length ? `no placeholder for ${extra.join(', ')}` : ''].filter(Boolean);
    throw new Error(`Message of ${entry.code} ("${template}"): ${parts.join('; ')}.`);
  }
  return template.replace(PLACEHOLDER, (_, n: string) => String(params[n]));
}

/**
 * A regular expression that matches exactly the messages the entry's templates (its message and variants) can
 * produce, placeholders matching any text.
 */
export function templatePattern(entry: CodeEntry): RegExp {
  const one = (template: string) => {
    let source = '';
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      source += escape(template.slice(last, m.index)) + '[\\s\\S]*?';
      last = m.index! + m[0].length;
    }
    return source + escape(template.slice(last));
  };
  return new RegExp(`^(?:${[entry.message, ...Object.values(entry.variants ?? {})].map(one).join('|')})$`);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
