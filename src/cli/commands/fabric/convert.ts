/**
 * adfw fabric convert <adfFactoryDir> --out <dir> [--connections f] [--force] [--json]
 * Writes Fabric git-layout items for every pipeline that converts: `<name>.DataPipeline/` (pipeline-content.json and
 * .platform), a `<factory>_globals.VariableLibrary/` when global parameters are used, `connections.json` (placeholder
 * connection id → the linked service's local settings), the factory's tests adapted under `tests/`, and
 * `migration-report.json`. Pipelines with no-equivalent findings are skipped and listed.
 * Exit codes: 0 every pipeline converted, 1 some skipped, 2 usage (including a non-empty --out without --force).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../../args';
import { connectionsOption } from '../../shared';
import { adaptTestFile, connectionId, convertFactory, migrationReport, stageGlobalValues } from '../../../engine/migrate';
import { analyseDir } from './check';

const USAGE = 'adfw fabric convert <adfFactoryDir> --out <dir> [--connections f] [--force] [--json]';
const HELP = `Usage: ${USAGE}

Converts an ADF factory's pipelines to Data Factory in Microsoft Fabric items (git integration layout):
  <Pipeline>.DataPipeline/pipeline-content.json and .platform (logicalId derived from the name)
  <factory>_globals.VariableLibrary/   when pipelines use global parameters (a value set per stage)
  connections.json                     placeholder connection id → {type, …the linked service's typeProperties}
  tests/*.adftest.json                 the factory's pipeline tests, adapted to the converted items
  migration-report.json                what was converted, skipped (and why), the full check
Pipelines that \`adfw fabric check\` reports with no Fabric equivalent are skipped. Same input, same bytes out.
  --out DIR           output folder; must be empty or absent unless --force
  --force             replace a previous conversion in DIR (the files its migration-report.json lists)
  --connections FILE  local overrides per linked service (as for adfw run), merged into connections.json
  --json              {"out","converted","skipped","connections","secretsFromEnv","variableLibrary","tests","files"}
Exit: 0 every pipeline converted, 1 some skipped, 2 usage.`;

const REPORT = 'migration-report.json';

async function prepareOut(out: string, force: boolean): Promise<void> {
  const entries = await fs.readdir(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    if (e.code === 'ENOTDIR') throw new UsageError(`--out ${out} is a file, not a folder.`);
    throw e;
  });
  if (!entries?.length) return;
  if (!force) throw new UsageError(`--out ${out} is not empty; pass --force to replace a previous conversion there, or choose an empty folder.`);
  // Replace only what a previous conversion wrote (listed in its report); anything else in the folder stays.
  const previous = await fs.readFile(path.join(out, REPORT), 'utf8').then((t) => JSON.parse(t) as { files?: unknown }, () => undefined);
  const files = Array.isArray(previous?.files) ? previous.files.filter((f): f is string => typeof f === 'string' && !f.split('/').includes('..') && !path.isAbsolute(f)) : [];
  for (const f of files) await fs.rm(path.join(out, f), { force: true });
  const dirs = new Set<string>();
  for (const f of files) for (let d = path.dirname(f); d !== '.' && d !== '/' && d !== ''; d = path.dirname(d)) dirs.add(d);
  // Deepest first; a folder that still holds something of the user's is kept (rmdir refuses it).
  const ordered = [...dirs].sort((a, b) => b.length - a.length);
  for (const d of ordered) await fs.rmdir(path.join(out, d)).catch(() => undefined);
  await fs.rm(path.join(out, REPORT), { force: true });
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, force: { type: 'boolean' }, connections: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <adfFactoryDir>.\nUsage: ${USAGE}`);
  if (!values.out) throw new UsageError(`--out <dir> is required.\nUsage: ${USAGE}`);
  const out = path.resolve(values.out);
  const { factory, analysis } = await analyseDir(positionals[0]);
  if (out === factory.root || factory.root.startsWith(out + path.sep)) throw new UsageError(`--out ${values.out} would hold the factory itself; choose another folder.`);
  const connections = await connectionsOption(values.connections);
  await prepareOut(out, !!values.force);
  const stages = await stageGlobalValues(factory);
  const result = convertFactory(factory, analysis, { connections, stageGlobals: stages.values });

  // The factory's pipeline tests, adapted.
  const testsDir = path.join(factory.root, 'tests');
  const testFiles = (await fs.readdir(testsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.adftest.json')).sort();
  const ids = Object.fromEntries([...factory.resources.linkedService.values()].map((ls) => [ls.name, { id: connectionId(ls.name), type: String(ls.properties.type ?? '') }]));
  const tests: { file: string; tests: number; dropped: { test: string; reason: string }[]; notes: string[] }[] = [];
  for (const n of testFiles) {
    const sourceFile = path.join(testsDir, n);
    const targetFile = path.join(out, 'tests', n);
    const adapted = adaptTestFile(await fs.readFile(sourceFile, 'utf8'), { sourceFile, targetFile, factoryRoot: factory.root, outRoot: out, converted: result.converted.map((c) => c.pipeline), connectionIds: ids, inputChanges: result.inputChanges });
    if (adapted.text) result.files.set(`tests/${n}`, adapted.text);
    tests.push({ file: `tests/${n}`, tests: adapted.tests, dropped: adapted.dropped, notes: adapted.notes });
  }

  const files = [...result.files.keys(), REPORT].sort();
  const report = migrationReport(analysis.report, result, { tests, stageProblems: stages.problems, files });
  for (const [rel, text] of [...result.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = path.join(out, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
  await fs.mkdir(out, { recursive: true });
  await fs.writeFile(path.join(out, REPORT), JSON.stringify(report, null, 2) + '\n');

  if (values.json) {
    io.out(JSON.stringify({ out: values.out, converted: result.converted, skipped: result.skipped, connections: report.connections, secretsFromEnv: result.secretsFromEnv, variableLibrary: result.variableLibrary ?? null, tests, files }));
  } else {
    for (const c of result.converted) io.out(`converted  ${c.pipeline} → ${c.item} (logicalId ${c.logicalId})`);
    for (const s of result.skipped) io.out(`skipped    ${s.pipeline}: ${s.reasons.join('; ')}`);
    for (const [id, c] of Object.entries(result.connections)) io.out(`connection ${result.linkedServices[id]} (${c.type}) → ${id}`);
    for (const x of result.secretsFromEnv) io.out(`secret     ${x.linkedService}.${x.property} (Key Vault) → \${env:${x.env}} in connections.json`);
    if (result.variableLibrary) io.out(`variables  ${result.variableLibrary}`);
    for (const t of tests) io.out(`tests      ${t.file}: ${t.tests} adapted${t.dropped.length ? `, ${t.dropped.length} dropped` : ''}${t.notes.length ? `, ${t.notes.length} note${t.notes.length === 1 ? '' : 's'}` : ''}`);
    for (const p of stages.problems) io.err(`warning: ${p}`);
    io.out(`${result.converted.length} converted, ${result.skipped.length} skipped; ${files.length} files in ${values.out} (see ${REPORT}).`);
  }
  return result.skipped.length ? 1 : 0;
};

export default command;
