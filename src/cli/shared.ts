/**
 * Option checks and loading steps that several CLI commands share (run, runs, trigger, watch, the emulators): the
 * factory folder argument, --seed, --now, --store/--no-store, --connections and --port, and serving an emulator
 * until interrupted. Bad values become UsageError (exit 2) with the same messages in every command.
 */
import { promises as fs } from 'node:fs';
import { UsageError, type CliIo } from './args';
import { RunStore, defaultStoreDir, loadConnections, RunSetupError } from '../engine/run';

/** Throws a UsageError unless `dir` is an existing folder. */
export async function requireFactoryDir(dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`factory folder not found: ${dir}`);
}

/** --seed: an integer (sign allowed), or undefined when the flag is absent. */
export function seedOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--seed expects an integer, got "${value}".`);
  return Number(value);
}

/** An ISO 8601 date-time flag such as --now, returned as written, or undefined when absent. */
export function isoDateTimeOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value))) throw new UsageError(`${flag} expects an ISO 8601 date-time such as 2024-01-31T08:00:00Z, got "${value}".`);
  return value;
}

/** Rejects --store together with --no-store. */
export function checkStoreFlags(values: { store?: string; 'no-store'?: boolean }): void {
  if (values.store && values['no-store']) throw new UsageError('--store and --no-store cannot be combined.');
}

/** The run store the flags ask for: none with --no-store, --store DIR, or the factory's default store. */
export function runStoreOption(values: { store?: string; 'no-store'?: boolean }, factoryRoot: string): RunStore | undefined {
  return values['no-store'] ? undefined : new RunStore(values.store ?? defaultStoreDir(factoryRoot));
}

/** --connections: the file's linked service overrides ({} when absent); a bad file is a UsageError. */
export async function connectionsOption(file: string | undefined): Promise<Record<string, Record<string, unknown>>> {
  if (!file) return {};
  try {
    return await loadConnections(file);
  } catch (e) {
    if (e instanceof RunSetupError) throw new UsageError(e.message);
    throw e;
  }
}

/** --port: a port number 0–65535 (0 picks a free one). */
export function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port expects a port number 0-65535, got "${value}".`);
  return port;
}

/** A started emulator (`adfw emulator`, `adfw fabric emulator`) as the CLI serves it. */
interface ServedEmulator {
  url: string;
  port: number;
  /** Its certificate (PEM). */
  ca: string;
  stop(): Promise<void>;
}

/**
 * Starts an emulator, publishes its certificate for its port (loopback clients trust it from there), prints the one
 * line `listening <url>` and serves until SIGINT or SIGTERM, then stops it, withdraws the certificate and ends with
 * exit 0. A failed start (a port in use says so) is `<command>: cannot start: …`, exit 2.
 */
export async function serveEmulator(command: string, port: number, io: CliIo, start: () => Promise<ServedEmulator>): Promise<number> {
  const { publishEmulatorCert, unpublishEmulatorCert } = await import('../engine/emulator');
  let em: ServedEmulator;
  try {
    em = await start();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(`${command}: cannot start: ${err.code === 'EADDRINUSE' ? `port ${port} is already in use; choose another --port` : err.message}`);
    return 2;
  }
  await publishEmulatorCert(em.port, em.ca);
  io.out(`listening ${em.url}`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void Promise.allSettled([em.stop(), unpublishEmulatorCert(em.port)]).then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
