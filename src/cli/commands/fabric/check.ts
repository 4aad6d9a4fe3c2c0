/**
 * adfw fabric check <adfFactoryDir> [--json]
 * What of an ADF factory converts to Data Factory in Microsoft Fabric: per pipeline, what converts as is, what
 * converts with a change, and what has no Fabric equivalent; plus the factory-level resources.
 * Exit codes: 0 every pipeline converts (with or without changes), 1 some pipeline has no equivalent, 2 usage.
 */
import { parse, printedHelp, UsageError, type Command, type CliIo } from '../../args';
import { requireFactoryDir } from '../../shared';
import { diagnosticLine, positionAll } from '../../diagnostics';
import { loadFactory, loadManagedPrivateEndpoints } from '../../../engine/model';
import { analyseFactory, type CheckReport, type FactoryFinding } from '../../../engine/migrate';

const USAGE = 'adfw fabric check <adfFactoryDir> [--json]';
const HELP = `Usage: ${USAGE}

For every pipeline of an ADF factory: what converts to a Fabric pipeline as is, what converts with a change
(datasets → inline datasetSettings, linked services → connections, ExecutePipeline → InvokePipeline, global
parameters → a variable library) and what has no Fabric equivalent (data flows, SSIS, self-hosted runtimes, …);
then triggers, global parameters, integration runtimes, data flows and managed private endpoints.
  --json  {"factory","pipelines":[{"name","verdict","asIs","withChange","noEquivalent"}],"factoryLevel":{…},"summary":{…}}
Exit: 0 every pipeline converts, 1 some pipeline has no Fabric equivalent, 2 usage.`;

/** A factory whose files do not load cannot be judged: its load errors, positioned, as a usage error (exit 2). */
export class FactoryLoadError extends UsageError {}

/** Loads and analyses a factory folder (shared by check and convert). */
export async function analyseDir(dir: string) {
  await requireFactoryDir(dir);
  const factory = await loadFactory(dir);
  const errors = factory.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const lines = (await positionAll([factory], errors)).map((d) => diagnosticLine(d));
    throw new FactoryLoadError(`the factory's files do not load, so what converts cannot be judged; fix them first (adfw validate ${dir}):\n${lines.join('\n')}`);
  }
  const endpoints = await loadManagedPrivateEndpoints(factory.root);
  return { factory, analysis: analyseFactory(factory, dir, endpoints) };
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
}

/** The human form of a check report. */
export function printReport(report: CheckReport, io: CliIo): void {
  const rows = report.pipelines.map((p) => [p.name, p.verdict, String(p.asIs.length), String(p.withChange.length), String(p.noEquivalent.length)]);
  const head = ['pipeline', 'verdict', 'as is', 'with change', 'no equivalent'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  io.out(pad(head, widths));
  io.out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) io.out(pad(r, widths));
  for (const p of report.pipelines) {
    if (!p.withChange.length && !p.noEquivalent.length) continue;
    io.out(`\n${p.name}:`);
    for (const f of p.withChange) io.out(`  change   ${f.activity ? `${f.activity} ` : ''}(${f.path}) ${f.kind}: ${f.change}`);
    for (const f of p.noEquivalent) io.out(`  none     ${f.activity ? `${f.activity} ` : ''}(${f.path}) ${f.kind}: ${f.reason}`);
  }
  const level = report.factoryLevel;
  const groups: [string, FactoryFinding[]][] = [['triggers', level.triggers], ['global parameters', level.globalParameters], ['integration runtimes', level.integrationRuntimes], ['data flows', level.dataFlows], ['managed private endpoints', level.managedPrivateEndpoints]];
  if (groups.some(([, l]) => l.length)) io.out('\nFactory:');
  for (const [label, list] of groups) {
    for (const f of list) io.out(`  ${label}: ${f.name} (${f.kind}) ${f.class === 'withChange' ? `change: ${f.change}` : f.class === 'noEquivalent' ? `none: ${f.reason}` : 'as is'}`);
  }
  const s = report.summary;
  io.out(`\n${s.pipelines} pipeline${s.pipelines === 1 ? '' : 's'}: ${s.convertible} convertible, ${s.convertibleWithChanges} with changes, ${s.notConvertible} not convertible.`);
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <adfFactoryDir>.\nUsage: ${USAGE}`);
  const { factory, analysis } = await analyseDir(positionals[0]);
  const report = analysis.report;
  if (values.json) io.out(JSON.stringify(report));
  else {
    for (const d of await positionAll([factory], factory.diagnostics)) io.err(diagnosticLine(d));
    printReport(report, io);
  }
  return report.summary.notConvertible ? 1 : 0;
};

export default command;
