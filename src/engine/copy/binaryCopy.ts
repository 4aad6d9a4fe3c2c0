/**
 * Binary → Binary: copies files byte for byte (streamed), keeping the folder structure (PreserveHierarchy),
 * flattening it, or writing to the sink's fileName; optional deleteFilesAfterCompletion on the source.
 */
import type { ActivityIo, CopyRequest } from '../contracts/types';
import { bool, str } from '../connectors';
import { datasetLocation, listSourceFiles, relativeTo } from '../connectors';
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
  let bytesRead = 0;
  let filesWritten = 0;
  const started = Date.now();
  for (const e of files) {
    if (io.signal.aborted) break;
    c.firstByte ??= new Date();
    const rel = dst.fileName ?? (behavior === 'FlattenHierarchy' ? e.name : relativeTo(src.folderPath, e));
    const target = dst.folderPath ? `${dst.folderPath}/${rel}` : rel;
    const stream = await src.store.openRead(e.path);
    const n = await dst.store.write(target, stream);
    bytesRead += e.size;
    c.bytesWritten += n;
    filesWritten++;
    io.progress({ filesRead: filesWritten, dataRead: bytesRead });
  }
  c.writingMs += Date.now() - started;
  if (bool(tp.source?.storeSettings?.deleteFilesAfterCompletion) && !io.signal.aborted) {
    for (const e of files) await src.store.deleteFile(e.path);
  }
  return { bytesRead, filesRead: filesWritten, filesWritten };
}
