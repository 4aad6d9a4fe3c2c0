/**
 * adfw validate <path> [--json] [--quiet]
 * Discovers factories under <path> and validates them (JSON, schema, semantic, expression).
 * Exit 0 when no errors, 1 when there are errors, 2 for usage or internal errors.
 */
import { parse, printedHelp, UsageError, type Command } from '../args';
import { contractDiagnostics, diagnosticLine } from '../diagnostics';
import { resourceCounts, RESOURCE_KINDS } from '../../engine/model';
import { checkFabricConnections, sortDiagnostics, validatePath } from '../../engine/validate';
import { connectionsOption } from '../shared';

const USAGE = 'adfw validate <path> [--json] [--quiet | --all] [--connections f.json] [--value-set name]';
const HELP = `Usage: ${USAGE}\n\nValidates every Data Factory folder under <path>: JSON syntax, schemas generated from the\nData Factory specification, references, names, dependsOn, nesting, limits and expressions.\n  --json   print {"factories": [...], "diagnostics": [...]} (1-based line/column)\n  --quiet  human output: errors only
  --all    human output: info diagnostics too (hidden by default; --json always has them)
  Microsoft Fabric workspace folders (*.DataPipeline items) are validated too:
  --connections f.json  report connection ids the local connections file does not map (ADF8020)
  --value-set name      the variable libraries' value set to check against`;

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, quiet: { type: 'boolean' }, all: { type: 'boolean' }, connections: { type: 'string' }, 'value-set': { type: 'string' } }, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <path>.\nUsage: ${USAGE}`);
  const target = positionals[0];
  let result: Awaited<ReturnType<typeof validatePath>>;
  try {
    result = await validatePath(target, undefined, { valueSet: values['value-set'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ENOENT' || err?.code === 'ENOTDIR') throw new UsageError(`path not found: ${target}`);
    throw e;
  }
  if (values.connections) {
    const connections = await connectionsOption(values.connections);
    for (const f of result.factories) result.diagnostics.push(...checkFabricConnections(f, connections, values.connections));
    sortDiagnostics(result.diagnostics);
  }
  const positioned = await contractDiagnostics(result.factories, result.diagnostics);
  const hasError = positioned.some((d) => d.severity === 'error');
  if (values.json) {
    io.out(
      JSON.stringify({
        factories: result.factories.map((f) => ({ root: f.root, name: f.name, resources: resourceCounts(f) })),
        diagnostics: positioned,
      }),
    );
    return hasError ? 1 : 0;
  }
  if (!result.factories.length && !positioned.length) {
    io.err(`No Data Factory folders found under ${target} (looked for ${RESOURCE_KINDS.slice(0, 7).map((k) => k + '/').join(', ')} ... and Fabric *.DataPipeline/ items).`);
    return 0;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of positioned) {
    counts[d.severity]++;
    if (values.quiet && d.severity !== 'error') continue;
    if (!values.all && d.severity === 'info') continue;
    io.out(diagnosticLine(d));
  }
  const files = result.factories.reduce((n, f) => n + Object.values(resourceCounts(f)).reduce((a, b) => a + b, 0), 0);
  io.out(`${result.factories.length} ${result.factories.length === 1 ? 'factory' : 'factories'}, ${files} resources: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info${counts.info && !values.all ? ' (shown with --all)' : ''}.`);
  return hasError ? 1 : 0;
};

export default command;
