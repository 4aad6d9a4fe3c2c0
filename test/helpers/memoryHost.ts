/** A FileHost over an in-memory map of absolute path → text (folders are implied by the paths). */
import * as path from 'node:path';
import type { FileHost } from '../../src/engine/model';

export function memoryHost(files: ReadonlyMap<string, string>): FileHost {
  const entry = (file: boolean) => ({ isFile: () => file, isDirectory: () => !file });
  const isDir = (p: string) => [...files.keys()].some((f) => f.startsWith(p + path.sep));
  return {
    readFile: async (f) => {
      const t = files.get(f);
      if (t === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${f}'`), { code: 'ENOENT' });
      return t;
    },
    stat: async (p) => {
      if (files.has(p)) return entry(true);
      if (isDir(p)) return entry(false);
      throw Object.assign(new Error(`ENOENT: no such file or directory, stat '${p}'`), { code: 'ENOENT' });
    },
    readDirectory: async (dir) => {
      const out = new Map<string, boolean>();
      for (const f of files.keys()) {
        if (!f.startsWith(dir + path.sep)) continue;
        const rest = f.slice(dir.length + 1).split(path.sep);
        out.set(rest[0], rest.length === 1);
      }
      if (!out.size) throw Object.assign(new Error(`ENOENT: no such file or directory, scandir '${dir}'`), { code: 'ENOENT' });
      return [...out].map(([name, file]) => ({ name, ...entry(file) }));
    },
  };
}
