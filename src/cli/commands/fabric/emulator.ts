/**
 * adfw fabric emulator [--port N] [--state dir] [--token-env NAME] [--workspace NAME]… [--connections FILE] [--value-set NAME]
 * Serves the Fabric REST API (v1) on https://127.0.0.1:N with a fresh self-signed certificate (published for the
 * port, so `--endpoint https://127.0.0.1:N` clients on this machine trust it), accepting only the bearer token
 * from the environment variable (default ADFW_FABRIC_TOKEN). Pipeline jobs run on the local engine, connection ids
 * resolving through --connections (the file `adfw run` takes) and variable libraries under --value-set. Prints
 * `listening https://127.0.0.1:N` when ready and runs until interrupted.
 */
import { parse, printedHelp, UsageError, type Command } from '../../args';
import { connectionsOption, portOption, serveEmulator } from '../../shared';

const USAGE = 'adfw fabric emulator [--port N] [--state DIR] [--token-env NAME] [--workspace NAME]… [--connections FILE] [--value-set NAME]';
const DEFAULT_TOKEN_ENV = 'ADFW_FABRIC_TOKEN';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, state: { type: 'string' }, 'token-env': { type: 'string' }, workspace: { type: 'string', multiple: true }, connections: { type: 'string' }, 'value-set': { type: 'string' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nServes the Fabric REST API on loopback HTTPS; pipeline jobs run on the local engine. --workspace creates an empty workspace of that name when the state has none. --connections maps Fabric connection ids to local connector settings (as adfw run); --value-set picks the variable libraries' value set (default values otherwise).`)) return 0;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  const port = values.port === undefined ? 0 : portOption(values.port);
  const tokenEnv = values['token-env'] ?? DEFAULT_TOKEN_ENV;
  const token = process.env[tokenEnv]?.trim();
  if (!token) {
    io.err(`adfw fabric emulator: the environment variable ${tokenEnv} is not set or empty; put the bearer token the emulator accepts in it${values['token-env'] ? '' : ' (or name another with --token-env)'}.`);
    return 2;
  }
  const connections = await connectionsOption(values.connections);
  const { startFabricEmulator } = await import('../../../engine/fabricEmulator');
  return serveEmulator('adfw fabric emulator', port, io, () => startFabricEmulator({ port, token, stateDir: values.state, workspaces: values.workspace, connections, valueSet: values['value-set'] }));
};
export default command;
