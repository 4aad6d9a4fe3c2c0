/** `node dist/debugAdapter.js`: the pipeline debug adapter (debug type `adf`) over stdin/stdout. */
import { AdfDebugSession } from './adapter';

const session = new AdfDebugSession();
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
