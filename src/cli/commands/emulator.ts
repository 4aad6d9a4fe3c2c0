/**
 * adfw emulator --port N --token-env NAME [--state-dir DIR] [--page-size N]
 * Serves the Data Factory REST API on https://127.0.0.1:N with a fresh self-signed certificate,
 * accepting only the bearer token from the environment variable. Prints one line when ready and
 * runs until interrupted.
 */
import { parse, printedHelp, UsageError, type Command } from '../args';

const USAGE = 'adfw emulator --port N --token-env NAME [--state-dir DIR] [--page-size N]';

const command: Command = async (argv, io) => {
  const { values } = parse(argv, { port: { type: 'string' }, 'token-env': { type: 'string' }, 'state-dir': { type: 'string' }, 'page-size': { type: 'string' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nServes the Data Factory REST API (2018-06-01) on loopback HTTPS; pipelines run on the local engine.`)) return 0;
  if (values.port === undefined) throw new UsageError(`--port is required.\nUsage: ${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number 0-65535, got "${values.port}".`);
  if (!values['token-env']) throw new UsageError(`--token-env is required: the name of the environment variable holding the accepted bearer token.\nUsage: ${USAGE}`);
  const token = process.env[values['token-env']];
  if (!token || !token.trim()) {
    io.err(`adfw emulator: the environment variable ${values['token-env']} is not set or empty; put the accepted bearer token in it.`);
    return 2;
  }
  const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) throw new UsageError(`--page-size expects a positive integer.`);
  const { startEmulator, publishEmulatorCert, unpublishEmulatorCert } = await import('../../engine/emulator');
  let emulator;
  try {
    emulator = await startEmulator({ port, token: token.trim(), stateDir: values['state-dir'], pageSize });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(`adfw emulator: cannot start: ${err.code === 'EADDRINUSE' ? `port ${port} is already in use; choose another --port` : err.message}`);
    return 2;
  }
  await publishEmulatorCert(emulator.port, emulator.ca);
  io.out(`listening ${emulator.url}`);
  const em = emulator;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      Promise.allSettled([em.stop(), unpublishEmulatorCert(em.port)]).then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
};
export default command;
