/**
 * SARIF 2.1.0 (OASIS) output for GitHub code scanning and Azure DevOps: one run, tool driver `adfw` with every rule
 * (id, descriptions, help, default level), one result per finding with a physical location relative to a base
 * folder (`%SRCROOT%`), UTF-16 columns as the engine counts them, and suppressed findings as results carrying a
 * `suppressions` entry with the reason (code scanning shows them as dismissed).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { LintRuleMeta, RuleLevel } from './types';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifInput {
  toolVersion: string;
  /** Every rule with its configured level (the level in the configuration, not only the default). */
  rules: (LintRuleMeta & { level: RuleLevel })[];
  results: {
    rule: string;
    severity: 'error' | 'warning' | 'info';
    message: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    resource: string;
    suppression?: { reason: string; by: 'annotation' | 'userProperty' | 'config' };
  }[];
  /** Folder the artifact URIs are relative to (the repository root in CI). */
  baseDir: string;
}

function sarifLevel(level: RuleLevel): Sarif.ReportingConfiguration.level {
  return level === 'off' ? 'none' : level === 'info' ? 'note' : level;
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

export function toSarif(input: SarifInput): Sarif.Log {
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const rules: Sarif.ReportingDescriptor[] = input.rules.map((r) => ({
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.rationale },
    help: { text: r.docs, markdown: `**${r.id}**: ${r.summary}\n\n${r.rationale}\n\n**Fix:** ${r.docs}` },
    defaultConfiguration: { level: sarifLevel(r.level), enabled: r.level !== 'off' },
    properties: { tags: ['azure-data-factory', 'best-practice'], defaultSeverity: r.defaultSeverity },
  }));
  const results: Sarif.Result[] = input.results.map((f) => {
    const rel = path.relative(input.baseDir, f.file).split(path.sep).join('/');
    const result: Sarif.Result = {
      ruleId: f.rule,
      level: sarifLevel(f.severity) as Sarif.Result.level,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(rel), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
          logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
        },
      ],
      partialFingerprints: { 'adfwFinding/v1': createHash('sha256').update(`${f.rule}\n${f.resource}\n${f.message}`).digest('hex').slice(0, 32) },
    };
    const i = index.get(f.rule);
    if (i !== undefined) result.ruleIndex = i;
    if (f.suppression) result.suppressions = [{ kind: f.suppression.by === 'config' ? 'external' : 'inSource', justification: f.suppression.reason, status: 'accepted' }];
    return result;
  });
  const base = pathToFileURL(input.baseDir.endsWith(path.sep) ? input.baseDir : input.baseDir + path.sep).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'adfw', fullName: 'ADF Workbench lint', semanticVersion: input.toolVersion, version: input.toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
