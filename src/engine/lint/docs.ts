/**
 * The rule reference (docs/lint-rules.md), generated from the rules themselves so the two cannot drift: one heading
 * per rule with its default severity, what it finds, why, what to do, and its options. `lines` gives the 1-based line
 * of each rule's heading (VS Code links a problem's rule id there).
 */
import { INVALID_SUPPRESSION, RULES } from './rules';
import type { LintRuleMeta } from './types';

export const RULES_DOC_PATH = 'docs/lint-rules.md';

export function rulesMarkdown(): { text: string; lines: Record<string, number> } {
  const out: string[] = [
    '# `adfw lint` rules',
    '',
    'Generated from `src/engine/lint/rules/` (`node --import tsx scripts/genLintDocs.ts`). Configure them in `.adfwlint.json`',
    '(schema: `schemas/adfwlint.schema.json`); suppress a finding with a reason: an annotation',
    '`"adfw-disable <rule-id>: <reason>"` on a resource, a `userProperties` entry',
    '`{"name": "adfw-disable", "value": "<rule-id>: <reason>"}` on an activity, or a `suppressions` entry in the configuration.',
    '',
  ];
  const lines: Record<string, number> = {};
  const add = (m: LintRuleMeta) => {
    lines[m.id] = out.length + 1;
    out.push(`## ${m.id}`, '', `Default severity: **${m.defaultSeverity}**${m.fixable ? ' · quick fix in VS Code' : ''}`, '', m.summary, '', `*Why:* ${m.rationale}`, '', `*What to do:* ${m.docs}`, '');
    const opts = Object.entries(m.defaultOptions);
    if (opts.length) {
      out.push('Options (defaults):', '');
      for (const [k, v] of opts) out.push(`- \`${k}\`: \`${JSON.stringify(v)}\``);
      out.push('');
    }
  };
  for (const r of RULES) add(r.meta);
  add(INVALID_SUPPRESSION);
  return { text: out.join('\n'), lines };
}
