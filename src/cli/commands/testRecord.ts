/**
 * adfw test record --subscription S [--resource-group RG] --factory F --run-id ID <factoryDir> [--out FILE] [--name N] [--json]
 *   [--endpoint URL --token-env NAME --cloud C --tenant T --ca FILE]
 * Fetches a pipeline run from ADF (or the ARM emulator) with its activity runs and its child pipelines' runs, and
 * writes a test (default <factoryDir>/tests/<pipeline>-<run id prefix>.adftest.json) that replays the outputs of the
 * activities that reach outside systems and expects what ADF observed.
 * Exit codes: 0 written, 1 the run could not be read, 2 usage (missing flags, unknown factory or pipeline).
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { CONNECTION_OPTIONS, connectRemote } from '../remoteSession';
import { requireFactoryDir } from '../shared';
import { loadFactory } from '../../engine/model';
import { recordTestFile, RecordError, TEST_FILE_SUFFIX } from '../../engine/testing';

const USAGE = 'adfw test record --subscription S [--resource-group RG] --factory F --run-id ID <factoryDir> [--out FILE] [--name NAME] [--json] [--endpoint URL --token-env NAME ...]';
const HELP = `Usage: ${USAGE}

Turns a run in ADF into a local regression test of the pipeline's logic: activities that reach outside systems
(SQL, Databricks, Functions, Copy, Web, ...) are substituted with the outputs ADF recorded, control activities run
locally, and the test expects ADF's pipeline status, activity statuses and run counts, and the evaluated inputs of
the activities the local engine runs. Without --resource-group the factory is looked up in the subscription.
  --out FILE   where to write (default <factoryDir>/tests/<pipeline>-<run id prefix>${TEST_FILE_SUFFIX}; refuses to overwrite)
  --json       print {"file", "pipeline", "runId", "status", "substituted": [...], "expected": [...]}`;

const OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  factory: { type: 'string' },
  'run-id': { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
} as const;

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  for (const flag of ['subscription', 'factory', 'run-id'] as const) if (!values[flag]) throw new UsageError(`--${flag} is required.\nUsage: ${USAGE}`);
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <factoryDir>.\nUsage: ${USAGE}`);
  const dir = positionals[0];
  await requireFactoryDir(dir);
  const factory = await loadFactory(dir);
  const remote = await import('../../engine/remote');
  const connected = await connectRemote(remote, values, io, 'adfw test record');
  if ('exitCode' in connected) return connected.exitCode;
  const { session } = connected;
  let recorded: Awaited<ReturnType<typeof recordTestFile>>;
  try {
    let resourceGroup = values['resource-group'];
    if (!resourceGroup) {
      const found = (await remote.listFactories(session, values.subscription!)).filter((f) => f.name.toLowerCase() === values.factory!.toLowerCase());
      if (found.length !== 1) throw new UsageError(found.length ? `factory "${values.factory}" exists in several resource groups (${found.map((f) => f.resourceGroup).join(', ')}); pass --resource-group.` : `no factory "${values.factory}" in subscription ${values.subscription}.`);
      resourceGroup = found[0].resourceGroup;
    }
    const ref = { subscriptionId: values.subscription!, resourceGroup, factory: values.factory! };
    recorded = await recordTestFile(remote.runFetcher(session, ref), values['run-id']!, factory, { out: values.out, name: values.name });
  } catch (e) {
    if (e instanceof remote.RemoteError) {
      io.err(`adfw test record: ${e.message}`);
      return 1;
    }
    if (e instanceof RecordError) {
      if (e.reason === 'notFinished') {
        io.err(`adfw test record: ${e.message}`);
        return 1;
      }
      throw new UsageError(e.reason === 'exists' ? e.message.replace('choose another file', 'choose another --out') : e.message);
    }
    throw e;
  }
  const pr = recorded.run.pipelineRun;
  const out = recorded.path;
  const t = recorded.file.tests[0];
  if (values.json) {
    io.out(JSON.stringify({ file: out, pipeline: pr.pipelineName, runId: pr.runId, status: pr.status, substituted: (t.mocks ?? []).map((m) => m.activity), expected: Object.keys(t.expect.activities ?? {}) }));
  } else {
    io.out(`Recorded run ${pr.runId} of ${pr.pipelineName} (${pr.status}, ${recorded.childRuns.length} child run${recorded.childRuns.length === 1 ? '' : 's'}) into ${path.relative(process.cwd(), out) || out}: ${(t.mocks ?? []).length} substitution(s), ${Object.keys(t.expect.activities ?? {}).length} activity expectation(s).`);
  }
  return 0;
};

export default command;
