/**
 * `--changed-since <ref>`: the resources of a factory whose files changed between a git ref and the working tree
 * (committed, staged, unstaged and untracked changes; deletions and renames included), through the git CLI.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { kindOfFile, type Factory } from '../model';
import { selectionKey } from './select';

const run = promisify(execFile);

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, windowsHide: true });
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new GitError('git is not installed or not on PATH; --changed-since needs it.');
    throw new GitError((err.stderr || err.message).trim());
  }
}

export interface ChangedSince {
  /** selectionKey(kind, name) of every changed resource. */
  keys: Set<string>;
  /** Changed files under the factory (absolute). */
  files: string[];
}

/**
 * Changed resources of `factory` since `ref`. `extraFiles` (absolute) are files outside the resource folders
 * whose change marks `extraKeys` as changed (the stage file in use, for the resources it touches).
 */
export async function changedSince(factory: Factory, ref: string, extra: { file: string; keys: string[] }[] = []): Promise<ChangedSince> {
  const root = factory.root;
  let top: string;
  try {
    top = (await git(root, ['rev-parse', '--show-toplevel'])).trim();
  } catch (e) {
    throw new GitError(`--changed-since needs the factory to be in a git repository, and ${root} is not in one (${(e as Error).message}). Run publish from a clone, or leave out --changed-since.`);
  }
  try {
    await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`"${ref}" is not a commit in ${top}: give a branch, tag or commit (in CI, fetch enough history, e.g. fetch-depth: 0).`);
  }
  const diff = await git(root, ['diff', '--name-only', '--no-renames', '-z', ref, '--', '.']);
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', '.']);
  const files = [...new Set([...diff.split('\0'), ...untracked.split('\0')].filter(Boolean).map((f) => path.resolve(top, f)))];
  const keys = new Set<string>();
  const byFile = new Map<string, { kind: string; name: string }>();
  for (const kind of Object.keys(factory.resources) as (keyof Factory['resources'])[]) for (const r of factory.resources[kind].values()) byFile.set(path.resolve(r.file), { kind, name: r.name });
  for (const f of files) {
    const r = byFile.get(f);
    if (r) {
      keys.add(selectionKey(r.kind === 'factory' ? 'globalParameters' : r.kind, r.kind === 'factory' ? 'default' : r.name));
      if (r.kind === 'globalParameters') keys.add(selectionKey('globalParameters', 'default'));
      continue;
    }
    const kind = kindOfFile(f);
    if (kind && path.resolve(path.dirname(f), '..') === path.resolve(root)) {
      // Deleted (or unreadable) file: ADF names files after their resources.
      const name = path.basename(f).replace(/\.json!?$/i, '');
      keys.add(selectionKey(kind === 'factory' || kind === 'globalParameters' ? 'globalParameters' : kind, kind === 'factory' || kind === 'globalParameters' ? 'default' : name));
    }
    for (const x of extra) if (path.resolve(x.file) === f) for (const k of x.keys) keys.add(k);
  }
  return { keys, files };
}
