/** Runs the rule set over a loaded factory with a configuration; never throws on bad input. */
import { rangeAt } from '../json';
import { buildReferenceGraph, RESOURCE_KINDS, type Factory, type ReferenceGraph, type Resource } from '../model';
import { unusedResources, type UnusedResource } from '../impact';
import type { LintConfig, RuleSetting } from './config';
import { INVALID_SUPPRESSION, RULES } from './rules';
import { inlineSuppressions, matchesGlobs, relativeForGlob, suppressionFor, type InlineSuppression } from './suppress';
import type { LintFinding, LintRule, SuppressedFinding } from './types';

export interface LintResult {
  findings: LintFinding[];
  suppressed: SuppressedFinding[];
}

function allResources(factory: Factory): Resource[] {
  // Resources a Fabric workspace derives from inline settings are linted through their pipeline.
  return RESOURCE_KINDS.flatMap((k) => [...factory.resources[k].values()]).filter((r) => !r.derived);
}

/** The setting of a rule for one file: the rule's setting, then every matching override in order. */
export function settingFor(config: LintConfig, ruleId: string, file: string): RuleSetting {
  const base = config.rules[ruleId];
  let s: RuleSetting = { severity: base.severity, options: { ...base.options } };
  if (!config.overrides.length) return s;
  const rel = relativeForGlob(config.dir, file);
  for (const o of config.overrides) {
    const x = o.rules[ruleId];
    if (!x || !matchesGlobs(rel, o.files)) continue;
    s = { severity: x.severity ?? s.severity, options: { ...s.options, ...(x.options ?? {}) } };
  }
  return s;
}

function runRule(rule: LintRule, factory: Factory, graph: ReferenceGraph, unused: () => UnusedResource[], options: Record<string, unknown>, out: LintFinding[], severity: LintFinding['severity']): void {
  try {
    rule.check({
      factory,
      graph,
      options,
      unused,
      report: (f) => {
        const range = f.offset !== undefined ? { offset: f.offset, length: f.length ?? 1 } : rangeAt(f.resource.doc, f.path);
        out.push({
          file: f.resource.file,
          offset: range.offset,
          length: range.length,
          severity,
          code: rule.meta.id,
          source: 'semantic',
          message: f.message,
          path: f.path,
          data: f.data,
          rule: rule.meta.id,
          resource: { kind: f.resource.kind, name: f.resource.name },
          activity: f.activity,
        });
      },
    });
  } catch (e) {
    // A rule tripping over an unexpected shape must not hide the other rules' findings.
    out.push({ file: factory.root, offset: 0, length: 0, severity: 'error', code: rule.meta.id, source: 'semantic', message: `Internal error in lint rule ${rule.meta.id}: ${(e as Error)?.message ?? e}. Please report it with the factory.`, rule: rule.meta.id, resource: { kind: 'factory', name: factory.name } });
  }
}

/** Lints a factory: every enabled rule (per-file settings from overrides), then suppressions. */
export function lintFactory(factory: Factory, config: LintConfig, graph: ReferenceGraph = buildReferenceGraph(factory)): LintResult {
  let unusedCache: UnusedResource[] | undefined;
  const unused = () => (unusedCache ??= unusedResources(factory, graph));
  const resources = allResources(factory);
  const raw: LintFinding[] = [];
  for (const rule of RULES) {
    // Group files by their effective setting; run the rule once per distinct setting.
    const groups = new Map<string, { setting: RuleSetting; files: Set<string> }>();
    for (const r of resources) {
      const s = settingFor(config, rule.meta.id, r.file);
      if (s.severity === 'off') continue;
      const key = JSON.stringify(s);
      const g = groups.get(key);
      if (g) g.files.add(r.file);
      else groups.set(key, { setting: s, files: new Set([r.file]) });
    }
    for (const g of groups.values()) {
      const found: LintFinding[] = [];
      runRule(rule, factory, graph, unused, g.setting.options, found, g.setting.severity as LintFinding['severity']);
      // Internal-error findings name the factory root, which no group holds: keep them.
      raw.push(...found.filter((f) => g.files.has(f.file) || f.file === factory.root));
    }
  }
  const inline = new Map<string, InlineSuppression[]>();
  const findings: LintFinding[] = [];
  for (const r of resources) {
    const { suppressions, problems } = inlineSuppressions(r);
    if (suppressions.length) inline.set(r.file, suppressions);
    for (const p of problems) {
      const range = rangeAt(r.doc, p.path);
      findings.push({ file: r.file, ...range, severity: INVALID_SUPPRESSION.defaultSeverity, code: INVALID_SUPPRESSION.id, source: 'semantic', message: p.message, path: p.path, rule: INVALID_SUPPRESSION.id, resource: { kind: r.kind, name: r.name } });
    }
  }
  const suppressed: SuppressedFinding[] = [];
  for (const f of raw) {
    const s = suppressionFor(factory, config, inline, f);
    if (s) suppressed.push({ finding: f, reason: s.reason, by: s.by });
    else findings.push(f);
  }
  const order = (a: LintFinding, b: LintFinding) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset || a.rule.localeCompare(b.rule));
  findings.sort(order);
  suppressed.sort((a, b) => order(a.finding, b.finding));
  return { findings, suppressed };
}
