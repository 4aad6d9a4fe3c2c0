/**
 * How the engine reads a factory's files. The loader, factory discovery and `validatePath` go through a host, so a
 * caller can put other contents in front of the disk: the editor overlays the text of open, unsaved documents and
 * so validates what the user sees. `nodeFileHost` reads the disk.
 */
import { promises as fs } from 'node:fs';

/** Enough of a directory entry or stat result for the loader. */
export interface FileHostEntry {
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface FileHost {
  /** The file's text (UTF-8). Rejects when it cannot be read. */
  readFile(file: string): Promise<string>;
  /** Whether a path is a file or a folder. Rejects when it does not exist. */
  stat(p: string): Promise<FileHostEntry>;
  /** A folder's entries. Rejects when it cannot be listed. */
  readDirectory(dir: string): Promise<(FileHostEntry & { name: string })[]>;
}

/** The disk, through node:fs. */
export const nodeFileHost: FileHost = {
  readFile: (file) => fs.readFile(file, 'utf8'),
  stat: (p) => fs.stat(p),
  readDirectory: (dir) => fs.readdir(dir, { withFileTypes: true }),
};

const FILE: FileHostEntry = { isFile: () => true, isDirectory: () => false };

/**
 * A host that answers `readFile` (and `stat`) from `textOf` where it gives a text (e.g. an editor's unsaved buffer),
 * and from `base` otherwise. Listings come from `base`.
 */
export function overlayFileHost(base: FileHost, textOf: (file: string) => string | undefined): FileHost {
  return {
    readFile: async (file) => textOf(file) ?? base.readFile(file),
    stat: async (p) => (textOf(p) !== undefined ? FILE : base.stat(p)),
    readDirectory: (dir) => base.readDirectory(dir),
  };
}
