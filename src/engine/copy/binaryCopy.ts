/**
 * Binary → Binary: copies files byte for byte (streamed), keeping the folder structure (PreserveHierarchy),
 * flattening it, or writing to the sink's fileName; optional deleteFilesAfterCompletion on the source.
 */
import type { ActivityIo, CopyRequest } from '../contracts/types';
import { bool, str } from '../connectors';
import { datasetCodec, datasetLocation, listSourceFiles, openEntries, relativeTo, writeCompressed } from '../connectors';
import { ConnectorError, CONNECTOR_CODES } from '../contracts';
import type { RowCopyCounters } from './rowCopy';

export async function copyBinary(req: CopyRequest, io: ActivityIo, c: RowCopyCounters): Promise<{ bytesRead: number; filesRead: number; filesWritten: number }> {
  if (req.source.type !== 'Binary' || req.sink.type !== 'Binary') {
    throw new ConnectorError(`A Binary dataset can only be copied to or from another Binary dataset (source '${req.source.type}', sink '${req.sink.type}').`, req.source.type === 'Binary' ? 'Sink' : 'Source', CONNECTOR_CODES.unsupported);
  }
  const tp = req.typeProperties ?? {};
  const src = await datasetLocation(req.source, 'Source');
  const dst = await datasetLocation(req.sink, 'Sink');
  const files = await listSourceFiles(src, tp.source?.storeSettings);
  const behavior = str(tp.sink?.storeSettings?.copyBehavior) ?? 'PreserveHierarchy';
  const srcCodec = datasetCodec(req.source, 'Source');
  const dstCodec = datasetCodec(req.sink, 'Sink');
  const recode = srcCodec.type !== dstCodec.type;
  // Archive entries land in a folder named after the archive unless preserveZipFileNameAsFolder /
  // preserveCompressionFileNameAsFolder is false (both default to true).
  const cp = tp.source?.formatSettings?.compressionProperties ?? {};
  const keepArchiveFolder = bool(srcCodec.type === 'ZipDeflate' ? cp.preserveZipFileNameAsFolder : cp.preserveCompressionFileNameAsFolder, true);
  const stripExt = (n: string, ext: string) => (ext && n.toLowerCase().endsWith(ext) ? n.slice(0, -ext.length) : n);
  let bytesRead = 0;
  let filesWritten = 0;
  const started = Date.now();
  for (const e of files) {
    if (io.signal.aborted) break;
    c.firstByte ??= new Date();
    const rel = dst.fileName ?? (behavior === 'FlattenHierarchy' ? e.name : relativeTo(src.folderPath, e));
    const target = dst.folderPath ? `${dst.folderPath}/${rel}` : rel;
    if (!recode) {
      const stream = await src.store.openRead(e.path);
      c.bytesWritten += await dst.store.write(target, stream);
      filesWritten++;
    } else {
      const dir = target.includes('/') ? target.slice(0, target.lastIndexOf('/') + 1) : '';
      const base = stripExt(target.slice(dir.length), srcCodec.extension);
      for await (const entry of openEntries(src, req.source, e)) {
        let out: string;
        if (dst.fileName && !srcCodec.archive) out = target;
        else if (srcCodec.archive) out = `${dir}${keepArchiveFolder ? `${base}/` : ''}${entry.name}${dstCodec.extension}`;
        else out = `${dir}${base}${dstCodec.extension}`;
        c.bytesWritten += await writeCompressed(dst, req.sink, out, entry.stream);
        filesWritten++;
      }
    }
    bytesRead += e.size;
    io.progress({ filesRead: filesWritten, dataRead: bytesRead });
  }
  c.writingMs += Date.now() - started;
  if (bool(tp.source?.storeSettings?.deleteFilesAfterCompletion) && !io.signal.aborted) {
    for (const e of files) await src.store.deleteFile(e.path);
  }
  return { bytesRead, filesRead: filesWritten, filesWritten };
}
