/**
 * adfw test-connection <factoryDir> <linkedService> [--stage NAME|FILE] [--connections FILE] [--json]
 * Connects with a linked service as the local engine would (stage applied, then connection overrides):
 * Cosmos DB, Blob Storage / ADLS Gen2 and file servers are tried; other connectors are reported as not
 * testable here. JSON: {"linkedService","type","tested","ok","message","durationMs"}.
 * Exit 0 connected, 1 the connection failed or cannot be tested here, 2 usage.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { prepareFactory } from '../factoryOptions';

const USAGE = 'adfw test-connection <factoryDir> <linkedService> [--stage NAME|FILE] [--connections FILE] [--timeout SECONDS] [--json]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { stage: { type: 'string' }, connections: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  if (positionals.length !== 2) throw new UsageError(`expected a factory folder and a linked service name.\nUsage: ${USAGE}`);
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError('--timeout expects seconds > 0.');
  const dir = path.resolve(positionals[0]);
  const { loadFactory, discoverFactories } = await import('../../engine/model');
  if (!(await discoverFactories(dir, 0)).length) {
    io.err(`adfw test-connection: ${dir} is not a factory folder (no pipeline/, dataset/, linkedService/, ... folders).`);
    return 2;
  }
  const prepared = await prepareFactory(await loadFactory(dir), { stage: values.stage }, io, 'adfw test-connection');
  if ('exitCode' in prepared) return prepared.exitCode;
  const run = await import('../../engine/run');
  let connections: Record<string, Record<string, unknown>> | undefined;
  try {
    if (values.connections) connections = await run.loadConnections(path.resolve(values.connections));
  } catch (e) {
    io.err(`adfw test-connection: ${(e as Error).message}`);
    return 1;
  }
  let r;
  try {
    r = await run.testConnection(prepared.factory, positionals[1], { connections, timeoutMs });
  } catch (e) {
    io.err(`adfw test-connection: ${(e as Error).message}`);
    return 2;
  }
  if (values.json) io.out(JSON.stringify(r, null, 2));
  else io.out(`${r.ok ? 'connected' : r.tested ? 'FAILED' : 'not tested'}: ${r.linkedService} (${r.type || 'no type'}) — ${r.message}${r.tested ? ` [${r.durationMs} ms]` : ''}`);
  return r.ok ? 0 : 1;
};
export default command;
