/**
 * adfw lint <path> [--format human|json|sarif] [--json] [--config FILE] [--output FILE] [--quiet] [--list-rules]
 * Best-practice rules over every factory under <path> (see `--list-rules`), configured by `.adfwlint.json`.
 * Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage, configuration or internal error.
 */
import { discoverFabricWorkspaces, isFabricWorkspace, loadFactoryOrWorkspace } from '../../engine/fabric';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type CliIo, type Command } from '../args';
import { diagnosticLine, positionAll } from '../diagnostics';
import { discoverFactories, RESOURCE_KINDS, type Factory } from '../../engine/model';
import { LintConfigError, lintFactory, loadLintConfig, RULES, toSarif, type LintConfig, type LintFinding, type SuppressedFinding } from '../../engine/lint';

const USAGE = 'adfw lint <path> [--format human|json|sarif] [--json] [--config FILE] [--output FILE] [--quiet] | adfw lint --list-rules [--json]';
const HELP = `Usage: ${USAGE}

Best-practice rules over every Data Factory folder under <path> (validation is \`adfw validate\`).
  --format F     human (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning / Azure DevOps)
  --json         same as --format json
  --config FILE  the configuration (default: .adfwlint.json in the factory folder or the nearest parent)
  --output FILE  write the json/sarif report to FILE instead of stdout
  --quiet        human output: errors only
  --list-rules   print the rules: id, default severity, what it finds, why, what to do
Exit: 0 no errors, 1 findings of severity error, 2 usage or configuration error.`;

const FORMATS = ['human', 'json', 'sarif'] as const;

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

function listRules(io: CliIo, json: boolean): number {
  if (json) {
    io.out(JSON.stringify({ rules: RULES.map((r) => ({ id: r.meta.id, severity: r.meta.defaultSeverity, summary: r.meta.summary, rationale: r.meta.rationale, docs: r.meta.docs, options: r.meta.defaultOptions, fixable: !!r.meta.fixable })) }));
    return 0;
  }
  for (const r of RULES) io.out(`${r.meta.id.padEnd(30)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.summary}\n${' '.repeat(40)}${r.meta.docs}`);
  return 0;
}

async function factoriesUnder(target: string): Promise<string[]> {
  const abs = path.resolve(target);
  const stat = await fs.stat(abs).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`folder not found: ${target}`);
  const refs = await discoverFactories(abs);
  if (!refs.length && (RESOURCE_KINDS as readonly string[]).includes(path.basename(abs))) return [path.dirname(abs)];
  // Microsoft Fabric workspace folders are linted too (their pipelines).
  const fabric = !refs.length && (await isFabricWorkspace(abs)) ? [abs] : await discoverFabricWorkspaces(abs);
  return [...refs.map((r) => r.root), ...fabric];
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    { format: { type: 'string', short: 'f' }, json: { type: 'boolean' }, config: { type: 'string', short: 'c' }, output: { type: 'string', short: 'o' }, quiet: { type: 'boolean', short: 'q' }, 'list-rules': { type: 'boolean' } },
    USAGE,
  );
  if (printedHelp(values, io, HELP)) return 0;
  if (values['list-rules']) return listRules(io, !!values.json);
  const format = (values.json ? 'json' : (values.format ?? 'human')) as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}".`);
  if (values.json && values.format && values.format !== 'json') throw new UsageError(`--json and --format ${values.format} cannot be combined.`);
  if (values.output && format === 'human') throw new UsageError('--output needs --format json or sarif.');
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <path>.\nUsage: ${USAGE}`);
  const roots = await factoriesUnder(positionals[0]);

  const factories: { factory: Factory; config: LintConfig }[] = [];
  const findings: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const root of roots) {
    let config: LintConfig;
    try {
      config = await loadLintConfig(root, values.config);
    } catch (e) {
      if (e instanceof LintConfigError) {
        io.err(`adfw lint: invalid configuration: ${e.message}`);
        return 2;
      }
      throw e;
    }
    const factory = await loadFactoryOrWorkspace(root);
    const result = lintFactory(factory, config);
    factories.push({ factory, config });
    findings.push(...result.findings);
    suppressed.push(...result.suppressed);
  }
  const all = factories.map((f) => f.factory);
  const positioned = await positionAll(all, findings);
  const positionedSuppressed = await positionAll(all, suppressed.map((s) => s.finding));
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const exit = counts.error ? 1 : 0;
  const resourceId = (f: LintFinding) => `${f.resource.kind}/${f.resource.name}`;

  let report: string | undefined;
  if (format === 'json') {
    report = JSON.stringify({
      factories: factories.map((f) => ({ root: f.factory.root, name: f.factory.name, config: f.config.file ?? null })),
      findings: positioned.map((p, i) => ({ file: p.file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, severity: p.severity, rule: findings[i].rule, resource: resourceId(findings[i]), message: p.message })),
      suppressed: positionedSuppressed.map((p, i) => ({ file: p.file, line: p.line, column: p.column, rule: suppressed[i].finding.rule, resource: resourceId(suppressed[i].finding), reason: suppressed[i].reason, by: suppressed[i].by })),
      summary: { ...counts, suppressed: suppressed.length },
    });
  } else if (format === 'sarif') {
    // Levels as configured for the (first) factory's configuration; per-file overrides show in each result's level.
    const cfg = factories[0]?.config;
    const log = toSarif({
      toolVersion: VERSION,
      baseDir: process.cwd(),
      rules: RULES.map((r) => ({ ...r.meta, level: cfg?.rules[r.meta.id]?.severity ?? r.meta.defaultSeverity })),
      results: [
        ...positioned.map((p, i) => ({ ...p, severity: findings[i].severity, rule: findings[i].rule, resource: resourceId(findings[i]) })),
        ...positionedSuppressed.map((p, i) => ({ ...p, severity: suppressed[i].finding.severity, rule: suppressed[i].finding.rule, resource: resourceId(suppressed[i].finding), suppression: { reason: suppressed[i].reason, by: suppressed[i].by } })),
      ],
    });
    report = JSON.stringify(log, null, 2);
  }
  if (report !== undefined) {
    if (values.output) await fs.writeFile(values.output, report + '\n');
    else io.out(report);
    return exit;
  }
  if (!roots.length) {
    io.err(`No Data Factory folders found under ${positionals[0]}.`);
    return 0;
  }
  positioned.forEach((p, i) => {
    if (values.quiet && p.severity !== 'error') return;
    io.out(diagnosticLine({ ...p, code: findings[i].rule }));
  });
  io.out(`${roots.length} ${roots.length === 1 ? 'factory' : 'factories'}: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info, ${suppressed.length} suppressed.`);
  return exit;
};

export default command;
