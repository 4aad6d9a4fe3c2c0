/** Types of the factory linter: rules, their settings, findings and suppressions. */
import type { Diagnostic, Severity } from '../diagnostics';
import type { JsonPath } from '../json';
import type { Factory, ReferenceGraph, Resource, ResourceKind } from '../model';
import type { UnusedResource } from '../impact';

/** A rule's severity; `off` disables it. */
export type RuleLevel = Severity | 'off';

export interface LintRuleMeta {
  /** Stable id, as written in `.adfwlint.json`, suppressions, SARIF and the VS Code problem code. */
  id: string;
  defaultSeverity: RuleLevel;
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters (ADF behaviour that makes it a risk). */
  rationale: string;
  /** The documentation line: what to do about a finding. */
  docs: string;
  /** Options and their defaults (documented in schemas/adfwlint.schema.json). */
  defaultOptions: Record<string, unknown>;
  /** True when findings carry a mechanical quick fix. */
  fixable?: boolean;
}

export interface LintFinding extends Diagnostic {
  rule: string;
  resource: { kind: ResourceKind; name: string };
  /** Name of the activity the finding is about, when it is about one (activity-level suppressions use it). */
  activity?: string;
}

export interface SuppressedFinding {
  finding: LintFinding;
  reason: string;
  /** Where the suppression is written: `annotation`, `userProperty` or `config` (the config file's path). */
  by: 'annotation' | 'userProperty' | 'config';
}

export interface RuleContext {
  factory: Factory;
  graph: ReferenceGraph;
  /** The rule's options: defaults merged with the configuration. */
  options: Record<string, unknown>;
  /** Unused resources of the factory (computed once per lint run). */
  unused(): UnusedResource[];
  report(finding: { resource: Resource; path: JsonPath; message: string; activity?: string; data?: Record<string, unknown>; offset?: number; length?: number }): void;
}

export interface LintRule {
  meta: LintRuleMeta;
  check(ctx: RuleContext): void;
}
