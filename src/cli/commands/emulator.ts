/**
 * adfw emulator --port N --token-env NAME [--state-dir DIR] [--page-size N]
 * Serves the Data Factory REST API on https://127.0.0.1:N with a fresh self-signed certificate,
 * accepting only the bearer token from the environment variable. Prints one line when ready and
 * runs until interrupted.
 */
import { parse, printedHelp, UsageError, type Command } from '../args';
import { portOption, serveEmulator } from '../shared';

const USAGE = 'adfw emulator --port N --token-env NAME [--state-dir DIR] [--page-size N]';

const command: Command = async (argv, io) => {
  const { values } = parse(argv, { port: { type: 'string' }, 'token-env': { type: 'string' }, 'state-dir': { type: 'string' }, 'page-size': { type: 'string' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nServes the Data Factory REST API (2018-06-01) on loopback HTTPS; pipelines run on the local engine.`)) return 0;
  if (values.port === undefined) throw new UsageError(`--port is required.\nUsage: ${USAGE}`);
  const port = portOption(values.port);
  if (!values['token-env']) throw new UsageError(`--token-env is required: the name of the environment variable holding the accepted bearer token.\nUsage: ${USAGE}`);
  const token = process.env[values['token-env']];
  if (!token || !token.trim()) {
    io.err(`adfw emulator: the environment variable ${values['token-env']} is not set or empty; put the accepted bearer token in it.`);
    return 2;
  }
  const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) throw new UsageError(`--page-size expects a positive integer.`);
  const { startEmulator } = await import('../../engine/emulator');
  return serveEmulator('adfw emulator', port, io, () => startEmulator({ port, token: token.trim(), stateDir: values['state-dir'], pageSize }));
};
export default command;
