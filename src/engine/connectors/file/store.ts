/**
 * FileServer linked service over a local folder: `host` is the root path (a local path on this machine;
 * `\\server\share` UNC paths are not reachable locally and give a clear error).
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ResolvedLinkedService } from '../../contracts';
import type { FileEntry, FileStore } from '../types';
import { str } from '../values';
import { countingStream } from '../countingStream';
import { ConnectorError, type Side } from '../../contracts';

/** Opens the local folder behind a FileServer linked service. */
export function fileServerStore(ls: ResolvedLinkedService, side: Side): FileStore {
  const host = str(ls.typeProperties?.host);
  if (!host) throw new ConnectorError(`Linked service '${ls.name}' (FileServer) has no host: set typeProperties.host to a local folder.`, side, 'UserErrorFileNotFound');
  if (host.startsWith('\\\\')) throw new ConnectorError(`Linked service '${ls.name}': the UNC path '${host}' is not reachable from the local engine. Override host with a local folder in the run's connections.`, side, 'UserErrorFileNotFound');
  return localStore(path.resolve(host));
}

/** A FileStore over a local folder. Paths never escape the root. */
export function localStore(root: string): FileStore {
  const abs = (p: string) => {
    const full = path.resolve(root, p.replace(/^\/+/, ''));
    if (full !== root && !full.startsWith(root + path.sep)) throw new ConnectorError(`Path '${p}' is outside the linked service's folder '${root}'.`, 'Source', 'UserErrorFileNotFound');
    return full;
  };
  const rel = (full: string) => path.relative(root, full).split(path.sep).join('/');
  const entry = async (full: string): Promise<FileEntry | undefined> => {
    try {
      const st = await fs.stat(full);
      return { path: rel(full), name: path.basename(full), isFolder: st.isDirectory(), size: st.isDirectory() ? 0 : st.size, lastModified: st.mtime, created: st.birthtimeMs > 0 ? st.birthtime : st.ctime };
    } catch {
      return undefined;
    }
  };
  return {
    label: `folder '${root}'`,
    localPath: (p) => abs(p),
    async *listFiles(folder, recursive) {
      const start = abs(folder);
      const walk = async function* (dir: string): AsyncGenerator<FileEntry> {
        let items: import('node:fs').Dirent[];
        try {
          items = await fs.readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        items.sort((a, b) => a.name.localeCompare(b.name));
        for (const it of items) {
          const full = path.join(dir, it.name);
          if (it.isDirectory()) {
            if (recursive) yield* walk(full);
          } else if (it.isFile()) {
            const e = await entry(full);
            if (e) yield e;
          }
        }
      };
      yield* walk(start);
    },
    async listChildren(folder) {
      const dir = abs(folder);
      const items = await fs.readdir(dir, { withFileTypes: true });
      const out: FileEntry[] = [];
      for (const it of items.sort((a, b) => a.name.localeCompare(b.name))) {
        const e = await entry(path.join(dir, it.name));
        if (e) out.push(e);
      }
      return out;
    },
    async stat(p, opts) {
      const e = await entry(abs(p));
      // Hashing reads the whole file: only for GetMetadata's contentMD5, not for a copy's listing.
      if (e && !e.isFolder && opts?.contentMD5) {
        const h = createHash('md5');
        await pipeline(createReadStream(abs(p)), h);
        e.contentMD5 = h.digest('base64');
      }
      return e;
    },
    async openRead(p) {
      return createReadStream(abs(p));
    },
    async write(p, data) {
      const full = abs(p);
      await fs.mkdir(path.dirname(full), { recursive: true });
      const src = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      const counter = countingStream();
      await pipeline(src, counter, createWriteStream(full));
      return counter.bytes;
    },
    async deleteFile(p) {
      await fs.rm(abs(p), { force: true });
    },
    async deleteFolder(p) {
      await fs.rm(abs(p), { recursive: true, force: true });
    },
  };
}
