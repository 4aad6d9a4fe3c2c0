/**
 * adfw test [path...] [--reporter spec|json|junit] [--output file] [--grep regex] [--store DIR] [--bail] [--coverage [--coverage-dir DIR]]
 * Discovers *.adftest.json under the paths (default: the current folder), runs them on the local engine and
 * reports. Exit codes: 0 every test passed (skipped tests allowed), 1 a test failed or could not run, or no
 * tests were found, 2 usage. --coverage records what the tests exercised (activities, If/Switch branches, dependency
 * conditions, ForEach/Until bodies), prints a summary per pipeline and writes DIR/adf-coverage.json, DIR/lcov.info and
 * DIR/index.html (DIR: coverage/).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { RunStore } from '../../engine/run';
import { CoverageCollector, coverageHtml, coverageReport, coverageSummary, toLcov } from '../../engine/coverage';
import type { Factory } from '../../engine/model';
import { discoverTestFiles, jsonReport, junitReport, runTests, specLine, specSummary, type TestSummary } from '../../engine/testing';

const USAGE = 'adfw test [path...] [--reporter spec|json|junit] [--output file] [--grep regex] [--store DIR] [--bail] [--coverage [--coverage-dir DIR]]';
const REPORTERS = ['spec', 'json', 'junit'] as const;

const command: Command = async (argv, io) => {
  if (argv[0] === 'record') return (await import('./testRecord')).default(argv.slice(1), io);
  const { values, positionals } = parse(
    argv,
    {
      reporter: { type: 'string', short: 'r' },
      output: { type: 'string', short: 'o' },
      grep: { type: 'string', short: 'g' },
      store: { type: 'string' },
      bail: { type: 'boolean' },
      coverage: { type: 'boolean' },
      'coverage-dir': { type: 'string' },
    },
    USAGE,
  );
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  const reporter = (values.reporter ?? 'spec') as (typeof REPORTERS)[number];
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got "${values.reporter}".`);
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep, 'i');
    } catch (e) {
      throw new UsageError(`--grep: ${(e as Error).message}`);
    }
  }
  if (values['coverage-dir'] !== undefined && !values.coverage) throw new UsageError('--coverage-dir needs --coverage.');
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!(await fs.stat(p).catch(() => undefined))) throw new UsageError(`path not found: ${p}`);
  const files = (await Promise.all(paths.map((p) => discoverTestFiles(p)))).flat();
  if (!files.length) {
    io.err(`adfw test: no *.adftest.json files under ${paths.join(', ')}.`);
    return 1;
  }
  const streamSpec = reporter === 'spec' || values.output !== undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('Cancelled by the user'));
  process.once('SIGINT', onSigint);
  let summary: TestSummary;
  const collector = values.coverage ? new CoverageCollector() : undefined;
  const factories = new Map<string, Promise<Factory>>();
  try {
    summary = await runTests(paths, {
      filter: grep ? (file, name) => grep!.test(name) || grep!.test(file) : undefined,
      engine: { ...(values.store ? { store: new RunStore(values.store) } : {}), ...(collector ? { onEvent: collector.onEvent } : {}) },
      keepRuns: false,
      signal: controller.signal,
      onResult: (r) => {
        if (streamSpec) io.out(specLine(r));
        if (values.bail && (r.status === 'failed' || r.status === 'error')) controller.abort(new Error('--bail'));
      },
    }, factories);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const report = reporter === 'json' ? jsonReport(summary) : reporter === 'junit' ? junitReport(summary) : specSummary(summary);
  if (values.output !== undefined) {
    await fs.writeFile(values.output, report, 'utf8');
    io.out(specSummary(summary));
    io.out(`${reporter} report written to ${values.output}`);
  } else io.out(report);
  if (collector) {
    const dir = path.resolve(values['coverage-dir'] ?? 'coverage');
    const report = coverageReport(collector, await Promise.all(factories.values()));
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'adf-coverage.json'), JSON.stringify(report, null, 2) + '\n');
    await fs.writeFile(path.join(dir, 'lcov.info'), toLcov(report, process.cwd()));
    await fs.writeFile(path.join(dir, 'index.html'), coverageHtml(report));
    // stdout stays one document for the json and junit reporters.
    const say = reporter === 'spec' || values.output !== undefined ? io.out : io.err;
    say(`\nCoverage\n${coverageSummary(report)}\nCoverage written to ${path.relative(process.cwd(), dir) || '.'}/ (adf-coverage.json, lcov.info, index.html)`);
  }
  if (!summary.results.length) {
    io.err('adfw test: no test matched.');
    return 1;
  }
  return summary.failed || summary.errors ? 1 : 0;
};
export default command;
