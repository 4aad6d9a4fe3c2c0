/**
 * adfw unused <factoryDir> [--json]
 * Resources nothing uses: datasets, linked services, data flows, integration runtimes, credentials and managed
 * virtual networks no resource references, and pipelines no trigger starts and no ExecutePipeline activity calls.
 * Exit codes: 0 nothing unused, 1 unused resources found, 2 usage.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { requireFactoryDir } from '../shared';
import { loadFactory } from '../../engine/model';
import { unusedResources } from '../../engine/impact';

const USAGE = 'adfw unused <factoryDir> [--json]';
const HELP = `Usage: ${USAGE}

Lists resources nothing uses. A pipeline is unused when no trigger starts it and no ExecutePipeline activity calls
it; other resources when no resource references them. maybeDynamic: the factory holds references of that kind whose
names are expressions, so the resource may still be used at run time.
  --json  {"unused":[{kind,name,file,reason:"unreferenced"|"notTriggered",maybeDynamic}]}
Exit: 0 nothing unused, 1 unused resources found, 2 usage.`;

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <factoryDir>.\nUsage: ${USAGE}`);
  await requireFactoryDir(positionals[0]);
  const factory = await loadFactory(positionals[0]);
  const unused = unusedResources(factory);
  if (values.json) {
    io.out(JSON.stringify({ unused: unused.map((u) => ({ kind: u.kind, name: u.name, file: u.file, reason: u.reason, maybeDynamic: u.maybeDynamic })) }));
    return unused.length ? 1 : 0;
  }
  for (const u of unused) io.out(`${u.kind}/${u.name}  ${u.reason === 'notTriggered' ? 'not started by a trigger or an ExecutePipeline' : 'not referenced'}${u.maybeDynamic ? ' (may be used through an expression-named reference)' : ''}  ${path.relative(process.cwd(), u.file) || u.file}`);
  io.out(`${unused.length} unused resource${unused.length === 1 ? '' : 's'} in ${factory.name}.`);
  return unused.length ? 1 : 0;
};

export default command;
