/**
 * adfw validate <path> [--json] [--quiet]
 * Discovers factories under <path> and validates them (JSON, schema, semantic, expression).
 * Exit 0 when no errors, 1 when there are errors, 2 for usage or internal errors.
 */
import * as path from 'node:path';
import { parse, UsageError, type Command } from '../args';
import { positionDiagnostic } from '../../engine/json/document';
import { LineIndex } from '../../engine/json/lineIndex';
import type { Diagnostic, PositionedDiagnostic } from '../../engine/diagnostics';
import { resourceCounts, RESOURCE_KINDS, type Factory } from '../../engine/model';
import { validatePath } from '../../engine/validate';

const USAGE = 'adfw validate <path> [--json] [--quiet | --all]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, quiet: { type: 'boolean' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n\nValidates every Data Factory folder under <path>: JSON syntax, schemas generated from the\nData Factory specification, references, names, dependsOn, nesting, limits and expressions.\n  --json   print {"factories": [...], "diagnostics": [...]} (1-based line/column)\n  --quiet  human output: errors only
  --all    human output: info diagnostics too (hidden by default; --json always has them)`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <path>.\nUsage: ${USAGE}`);
  const target = positionals[0];
  let result: Awaited<ReturnType<typeof validatePath>>;
  try {
    result = await validatePath(target);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ENOENT' || err?.code === 'ENOTDIR') throw new UsageError(`path not found: ${target}`);
    throw e;
  }
  const positioned = await positionAll(result.factories, result.diagnostics);
  const hasError = positioned.some((d) => d.severity === 'error');
  if (values.json) {
    io.out(
      JSON.stringify({
        factories: result.factories.map((f) => ({ root: f.root, name: f.name, resources: resourceCounts(f) })),
        diagnostics: positioned.map((d) => ({ ...d, source: contractSource(d.source) })),
      }),
    );
    return hasError ? 1 : 0;
  }
  if (!result.factories.length && !positioned.length) {
    io.err(`No Data Factory folders found under ${target} (looked for ${RESOURCE_KINDS.slice(0, 7).map((k) => k + '/').join(', ')} ...).`);
    return 0;
  }
  const cwd = process.cwd();
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of positioned) {
    counts[d.severity]++;
    if (values.quiet && d.severity !== 'error') continue;
    if (!values.all && d.severity === 'info') continue;
    io.out(`${path.relative(cwd, d.file) || d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
  }
  const files = result.factories.reduce((n, f) => n + Object.values(resourceCounts(f)).reduce((a, b) => a + b, 0), 0);
  io.out(`${result.factories.length} ${result.factories.length === 1 ? 'factory' : 'factories'}, ${files} resources: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info${counts.info && !values.all ? ' (shown with --all)' : ''}.`);
  return hasError ? 1 : 0;
};

/**
 * The CLI contract names four sources. Trigger (ADF6xxx) and data flow (ADF7xxx) rules are semantic checks of
 * their resources; their codes keep them apart.
 */
function contractSource(source: Diagnostic['source']): 'json' | 'schema' | 'semantic' | 'expression' {
  return source === 'json' || source === 'schema' || source === 'expression' ? source : 'semantic';
}

/** Adds 1-based positions, using each resource's line index (or the file's text for load diagnostics). */
async function positionAll(factories: Factory[], diags: Diagnostic[]): Promise<PositionedDiagnostic[]> {
  const indexes = new Map<string, LineIndex>();
  for (const f of factories) for (const k of RESOURCE_KINDS) for (const r of f.resources[k].values()) indexes.set(r.file, r.doc.lines);
  const out: PositionedDiagnostic[] = [];
  for (const d of diags) {
    let lines = indexes.get(d.file);
    if (!lines) {
      let text = '';
      try {
        text = await (await import('node:fs')).promises.readFile(d.file, 'utf8');
      } catch {
        /* unreadable: position 1:1 */
      }
      lines = new LineIndex(text);
      indexes.set(d.file, lines);
    }
    out.push(positionDiagnostic(d, lines));
  }
  return out;
}

export default command;
