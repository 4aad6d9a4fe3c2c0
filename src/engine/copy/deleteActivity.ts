/**
 * Delete: removes the dataset's file, or the files in its folder (recursive, wildcards, modified window),
 * and with enableLogging writes ADF's delete log (CSV: Name, Category, Status, Error) to logStorageSettings.
 */
import type { ActivityIo, DeleteRequest } from '../contracts/types';
import { ActivityFailure } from '../contracts';
import { datasetLocation, listSourceFiles, openStore, splitContainerPath, FILE_FORMATS } from '../connectors';
import { bool, str } from '../connectors';
import { toActivityFailure } from '../contracts';
import { randomUUID } from 'node:crypto';
import { effectiveIntegrationRuntime } from '../model';

export async function runDelete(req: DeleteRequest, io: ActivityIo): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const ds = req.dataset;
  if (!FILE_FORMATS.has(ds.type)) throw new ActivityFailure(`Delete supports file datasets (Json, DelimitedText, Parquet, Binary); dataset '${ds.name}' is '${ds.type}'.`, '2001', 'UserError');
  const tp = req.typeProperties ?? {};
  try {
    const loc = await datasetLocation(ds, 'Source');
    const ss: Record<string, any> = { ...(req.storeSettings ?? {}), recursive: req.recursive };
    const wildcard = !!(str(ss.wildcardFileName) || str(ss.wildcardFolderPath));
    const files = await listSourceFiles(loc, ss).catch((e) => {
      // Deleting a file that is already gone succeeds in ADF.
      if (loc.fileName) return [];
      throw e;
    });
    const log: string[] = ['Name,Category,Status,Error'];
    let deleted = 0;
    for (const f of files) {
      if (io.signal.aborted) break;
      try {
        await loc.store.deleteFile(f.path);
        deleted++;
        log.push(`${csv(f.path)},File,Deleted,`);
      } catch (e) {
        log.push(`${csv(f.path)},File,Failed,${csv((e as Error).message)}`);
        throw e;
      }
    }
    if (!loc.fileName && req.recursive && !wildcard && loc.store.deleteFolder && loc.folderPath) await loc.store.deleteFolder(loc.folderPath);
    io.log('info', `Delete: ${deleted} file(s) deleted from ${loc.store.label}${loc.folderPath ? `, folder '${loc.folderPath}'` : ''}.`);
    let logPath: string | undefined;
    if (bool(tp.enableLogging)) {
      const lss = tp.logStorageSettings ?? {};
      const lsName = str(lss.linkedServiceName?.referenceName) ?? str(lss.linkedServiceName);
      const ls = lsName ? req.resolveLinkedService?.(lsName) : undefined;
      if (!ls) throw new ActivityFailure(`Delete: enableLogging needs logStorageSettings.linkedServiceName pointing at a Blob, ADLS Gen2 or FileServer linked service.`, '2001', 'UserError');
      const { container, folder } = splitContainerPath(ls, str(lss.path) ?? '');
      const store = await openStore(ls, container, 'Sink');
      const file = [folder, req.activityRunId ?? randomUUID(), 'deletelog.csv'].filter(Boolean).join('/');
      await store.write(file, Buffer.from(log.join('\r\n') + '\r\n'));
      logPath = [container, file].filter(Boolean).join('/');
    }
    return {
      datasetName: ds.name,
      type: ds.linkedService.type,
      recursive: req.recursive,
      isWildcardUsed: wildcard,
      filesDeleted: deleted,
      ...(logPath ? { logPath } : {}),
      effectiveIntegrationRuntime: effectiveIntegrationRuntime(req.dataset.linkedService.integrationRuntime),
      executionDuration: Date.now() - t0,
    };
  } catch (e) {
    throw toActivityFailure(e);
  }
}

const csv = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
