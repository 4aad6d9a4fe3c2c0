/**
 * An emulator of the CLI (`adfw emulator`, `adfw fabric emulator`) started as a child process: its address from
 * the one `listening https://127.0.0.1:PORT` line it prints, and its stop. Used by the CLI integration tests and
 * by the extension-host suites (bundled into them: this module imports nothing but Node).
 */
import type { ChildProcess } from 'node:child_process';

export interface ListeningProcess {
  /** The https://127.0.0.1:PORT address of its "listening" line. */
  url: string;
  /** Everything it has printed on stdout so far. */
  stdout(): string;
  /** SIGTERM, then waits for the exit (the emulator flushes its state); its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Waits for the "listening" line of `child` (spawned with piped stdout). Fails if it exits first, or if it has not
 * printed the line within `timeoutMs` (then it is stopped).
 */
export function whenListening(child: ChildProcess, what: string, timeoutMs: number): Promise<ListeningProcess> {
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      void stop();
      reject(new Error(`${what} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^listening (https:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ url: m[1], stdout: () => out, stop });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${what} exited with ${code}`));
    });
  });
}
