/**
 * The built CLI as a child process, for contract tests: builds dist/cli.js when it is missing or older than the
 * sources, runs `node dist/cli.js …` and parses its single JSON document.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

// ---------------------------------------------------------------------------------------------------------------
// Build once when dist/cli.js is missing or older than any source file.

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const stale = !existsSync(CLI) || statSync(CLI).mtimeMs < newestMtime(path.join(ROOT, 'src'));
  if (!stale) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …` and collects its output; killed after `timeoutMs`. */
export function adfw(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, NODE_OPTIONS: '', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(t);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr });
    });
  });
}

/** Parses stdout as exactly one JSON document; the failure message shows what was printed. */
export function json(r: CliResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`stdout is not one JSON document (${(e as Error).message}):\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr.slice(0, 2000)}`);
  }
}

export function keys(o: unknown): string[] {
  assert.ok(o && typeof o === 'object' && !Array.isArray(o), `expected an object, got ${JSON.stringify(o)?.slice(0, 200)}`);
  return Object.keys(o as object).sort();
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The ARM emulator as the CLI's own process (`adfw emulator`), on a free port, until `stop()`. */
export async function startEmulator(tokenVar: string, token: string): Promise<{ url: string; stop(): Promise<void>; process: ChildProcess }> {
  const port = await freePort();
  const p = spawn(process.execPath, [CLI, 'emulator', '--port', String(port), '--token-env', tokenVar], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', [tokenVar]: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the emulator printed no line in 60 s: ${out} ${err}`)), 60_000);
    p.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(t);
        resolve();
      }
    });
    p.once('exit', (c) => reject(new Error(`the emulator exited with ${c}: ${err}`)));
  });
  return {
    url: `https://127.0.0.1:${port}`,
    process: p,
    stop: async () => {
      if (p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** `src/cli/main.ts` run from source through tsx (no build needed): the same `{code, stdout, stderr}` as adfw(). */
export function adfwFromSource(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
