/**
 * The Copy activity: resolves the source and sink connectors, runs the row copy (or a byte copy for Binary),
 * and reports ADF's output. A failure carries the output so far (rows read/copied before it).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { ActivityIo, CopyRequest, ResolvedLinkedService } from '../contracts';
import { ActivityFailure } from '../contracts';
import type { CosmosClientPool } from '../connectors/cosmos/client';
import { datasetLocation, listSourceFiles, relativeTo, fileReader } from '../connectors';
import { str } from '../connectors';
import { copyIntegrationRuntime, copyOutput, type CopyFigures } from './output';
import { createTranslator } from './translator';
import { faultToleranceOf, SkippedRowLog } from './faultTolerance';
import { copyRows, type RowCopyCounters } from './rowCopy';
import { kindOf, openReader, openWriter, storeTypeOf, type EndpointContext } from './endpoints';
import { ConnectorError, CONNECTOR_CODES, toActivityFailure } from '../contracts';
import { RetryCounter, type RetryPolicy } from '../contracts';
import { copyBinary } from './binaryCopy';
import { fastPathDecision, type FastPathDecision } from './fastPath';
import { fastCopyFile, FastPathRefused } from './fastCopy';
import { stagingNote, withStagedFiles } from './fastStaging';
import { sinkFilePath, type FileEntry } from '../connectors';

export interface CopyDeps {
  pool: CosmosClientPool;
  retry: RetryPolicy;
  resolveLinkedService?: (name: string) => ResolvedLinkedService | undefined;
  /** 'auto' (default): file → file copies take the columnar fast path where fastPathDecision allows; 'row': never. */
  copyPath?: 'auto' | 'row';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The activity run id when the engine's work folder is named after it, else a fresh one. */
function activityRunIdOf(io: ActivityIo): string {
  const base = path.basename(io.workDir ?? '');
  return GUID.test(base) ? base : randomUUID();
}

export async function runCopy(req: CopyRequest, io: ActivityIo, deps: CopyDeps): Promise<Record<string, unknown>> {
  const started = io.now();
  const t0 = Date.now();
  const tp = req.typeProperties ?? {};
  const source = (tp.source ?? {}) as Record<string, any>;
  const sink = (tp.sink ?? {}) as Record<string, any>;
  const counter = new RetryCounter();
  const runId = req.activityRunId ?? activityRunIdOf(io);
  const ctx: EndpointContext = { pool: deps.pool, retry: deps.retry, counter, runId };
  const c: RowCopyCounters = { rowsRead: 0, rowsCopied: 0, rowsSkipped: 0, bytesWritten: 0, readingMs: 0, writingMs: 0 };
  const fileBased = req.source.type === 'Binary' || req.sink.type === 'Binary' || (kindSafe(req, 'Source') === 'file' && kindSafe(req, 'Sink') === 'file');
  let dataRead = 0;
  let filesRead: number | undefined;
  let filesWritten: number | undefined;
  let logFilePath: string | undefined;
  let skipEnabled = false;
  let sinkConnections = 1;
  let parallelCopies: number | undefined;
  const isBinary = req.source.type === 'Binary' || req.sink.type === 'Binary';

  const figures = (status: CopyFigures['status'], errors: CopyFigures['errors']): CopyFigures => ({
    sourceType: storeTypeOf(req.source),
    sinkType: storeTypeOf(req.sink),
    integrationRuntime: copyIntegrationRuntime(req.source.linkedService, req.sink.linkedService),
    start: started,
    firstByte: c.firstByte ? new Date(started.getTime() + (c.firstByte.getTime() - t0)) : undefined,
    end: new Date(started.getTime() + (Date.now() - t0)),
    dataRead,
    dataWritten: c.bytesWritten,
    filesRead,
    filesWritten,
    rowsRead: isBinary ? undefined : c.rowsRead,
    rowsCopied: isBinary ? undefined : c.rowsCopied,
    rowsSkipped: c.rowsSkipped,
    faultTolerant: skipEnabled,
    status,
    sinkConnections,
    parallelCopies,
    retries: counter.retries,
    throttled: counter.throttled,
    readingMs: c.readingMs,
    writingMs: c.writingMs,
    logFilePath,
    errors,
    fileBased,
  });

  let log: SkippedRowLog | undefined;
  try {
    const ft = faultToleranceOf(tp, linkedServiceResolver(req, deps));
    skipEnabled = ft.skip;
    if (tp.enableStaging === true) io.log('info', `Copy '${req.activityName}': enableStaging is ignored locally; data moves directly from source to sink.`);
    log = new SkippedRowLog(ft, io.workDir ?? path.join(process.cwd(), '.adfw', 'work'), req.activityName, runId, () => io.now());
    if (isBinary) {
      const r = await copyBinary(req, io, c);
      dataRead = r.bytesRead;
      filesRead = r.filesRead;
      filesWritten = r.filesWritten;
    } else {
      const sinkIsCosmos = kindOf(req.sink, 'Sink') === 'cosmos';
      const decision: FastPathDecision | undefined = !fileBased ? undefined : deps.copyPath === 'row' ? { fast: false, reason: 'the row path was asked for (copyPath: row)' } : fastPathDecision(req);
      if (decision) io.log('info', decision.fast ? `Copy '${req.activityName}': columnar fast path (DuckDB reads and writes the files${stagingNote(req)}).` : `Copy '${req.activityName}': row path, because ${decision.reason}.`);
      // One file on the fast path; false when the row path must copy it (logged, partial output removed).
      const tryFast = async (entry: FileEntry, targetName: string | undefined): Promise<boolean> => {
        if (!decision?.fast) return false;
        const sourceLoc = await datasetLocation(req.source, 'Source');
        const sinkLoc = await datasetLocation(req.sink, 'Sink');
        const { filePath } = sinkFilePath(sinkLoc, req.sink, sink, targetName, runId);
        const began = Date.now();
        try {
          const staging = { sourceLoc, entry, sinkLoc, sinkFile: filePath, workDir: io.workDir, signal: io.signal };
          const note = (reason: string) => io.log('info', `Copy '${req.activityName}': file '${entry.path}' written line by line in SQL instead of by DuckDB's CSV writer, because ${reason}.`);
          const r = await withStagedFiles(staging, (f) => fastCopyFile({ req, sourceLoc: f.sourceLoc, entry, sourcePath: f.sourcePath, sinkPath: f.sinkPath, signal: io.signal, note }));
          c.firstByte ??= new Date(began);
          c.rowsRead += r.rows;
          c.rowsCopied += r.rows;
          c.bytesWritten += r.bytesWritten;
          c.readingMs += Date.now() - began;
          c.writingMs += Date.now() - began;
          dataRead += entry.size;
          filesRead = (filesRead ?? 0) + 1;
          filesWritten = (filesWritten ?? 0) + 1;
          io.progress({ rowsRead: c.rowsRead, rowsCopied: c.rowsCopied, rowsSkipped: c.rowsSkipped });
          return true;
        } catch (e) {
          if (!(e instanceof FastPathRefused) || io.signal.aborted) throw e;
          io.log('info', `Copy '${req.activityName}': file '${entry.path}' copied on the row path, because ${e.message}.`);
          return false;
        }
      };
      const translator = createTranslator(tp.translator, sinkIsCosmos || req.sink.type === 'Json');
      // A sink that names its file, from exactly one source file: that file on the fast path.
      const singleFileFast = async (): Promise<boolean> => {
        if (!decision?.fast) return false;
        const files = await listSourceFiles(await datasetLocation(req.source, 'Source'), source.storeSettings);
        if (files.length !== 1) {
          io.log('info', `Copy '${req.activityName}': row path after all, because ${files.length} source files go into one sink file.`);
          return false;
        }
        filesRead = 0;
        filesWritten = 0;
        if (await tryFast(files[0], undefined)) return true;
        filesRead = filesWritten = undefined;
        return false;
      };
      const perFile = kindOf(req.source, 'Source') === 'file' && !sinkIsCosmos && (await perFileTargets(req));
      if (perFile) {
        filesRead = 0;
        filesWritten = 0;
        // parallelCopies: that many files at once (ADF's setting for file stores); the first failure stops the rest.
        parallelCopies = Math.max(1, Math.min(perFile.length, parallelCopiesOf(tp)));
        const queue = [...perFile];
        const copyOne = async ({ entry, target }: (typeof perFile)[number]) => {
          if (await tryFast(entry, target)) return;
          const reader = fileReader(req.source, source.storeSettings, [entry]);
          const writer = openWriter(req.sink, sink, ctx, () => translator.sinkColumns() ?? reader.columns?.(), target, () => translator.sinkTypes());
          await copyRows({ reader, writer, translator, skip: ft.skip, log: log!, io, signal: io.signal, counters: c, sinkIsCosmos });
          const ws = await writer.finish();
          c.bytesWritten += ws.bytesWritten;
          filesWritten! += ws.filesWritten;
          const rs = reader.stats();
          dataRead += rs.bytesRead;
          filesRead! += rs.filesRead;
        };
        let failed: unknown;
        const lane = async () => {
          for (let next = queue.shift(); next && !failed && !io.signal.aborted; next = queue.shift()) {
            await copyOne(next).catch((e) => {
              failed ??= e;
            });
          }
        };
        await Promise.all(Array.from({ length: parallelCopies }, lane));
        if (failed) throw failed;
      } else if (!(await singleFileFast())) {
        const reader = openReader(req.source, source, ctx);
        const writer = openWriter(req.sink, sink, ctx, () => translator.sinkColumns() ?? reader.columns?.(), undefined, () => translator.sinkTypes());
        sinkConnections = writer.concurrency;
        try {
          await copyRows({ reader, writer, translator, skip: ft.skip, log, io, signal: io.signal, counters: c, sinkIsCosmos });
        } catch (e) {
          await writer.abort();
          throw e;
        } finally {
          const rs = reader.stats();
          dataRead = rs.bytesRead;
          if (kindOf(req.source, 'Source') === 'file') filesRead = rs.filesRead;
        }
        if (!io.signal.aborted) {
          const ws = await writer.finish();
          if (!sinkIsCosmos) {
            c.bytesWritten += ws.bytesWritten;
            filesWritten = ws.filesWritten;
          }
        }
      }
    }
    logFilePath = await log.close();
    if (io.signal.aborted) throw new ConnectorError(`The copy was cancelled after ${c.rowsCopied} rows were written.`, 'Sink', CONNECTOR_CODES.cancelled);
    if (counter.retries) io.log('info', `Copy '${req.activityName}': ${counter.retries} request(s) retried (${counter.throttled} throttled with 429).`);
    if (c.rowsSkipped) io.log('warn', `Copy '${req.activityName}': ${c.rowsSkipped} incompatible row(s) skipped${logFilePath ? `, logged to ${logFilePath}` : ''}.`);
    return copyOutput(figures('Succeeded', []));
  } catch (e) {
    try {
      logFilePath = (await log?.close()) ?? logFilePath;
    } catch {
      /* keep the original failure */
    }
    const failure = toActivityFailure(e);
    const out = copyOutput(figures(io.signal.aborted ? 'Canceled' : 'Failed', [{ code: failure.errorCode, message: failure.message }]));
    throw new ActivityFailure(failure.message, failure.errorCode, failure.failureType, out);
  }
}

/** Resolves the other linked services a copy names (its log's): the source's or sink's, else the request's. */
export function linkedServiceResolver(req: CopyRequest, deps?: Pick<CopyDeps, 'resolveLinkedService'>): (name: string) => ResolvedLinkedService | undefined {
  return (n) => [req.source.linkedService, req.sink.linkedService].find((l) => l.name === n) ?? req.resolveLinkedService?.(n) ?? deps?.resolveLinkedService?.(n);
}

/**
 * parallelCopies of a file → file copy. Decision: without the setting, 4 (ADF chooses by itself, from file sizes
 * and counts); at most 32.
 */
function parallelCopiesOf(tp: Record<string, any>): number {
  const n = Number(tp?.parallelCopies);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 32) : 4;
}

function kindSafe(req: CopyRequest, side: 'Source' | 'Sink') {
  try {
    return kindOf(side === 'Source' ? req.source : req.sink, side);
  } catch {
    return undefined;
  }
}

/**
 * File → file copies keep one sink file per source file (copyBehavior PreserveHierarchy, the default, or
 * FlattenHierarchy) unless the sink dataset names a file or copyBehavior is MergeFiles.
 */
async function perFileTargets(req: CopyRequest): Promise<{ entry: import('../connectors').FileEntry; target: string }[] | false> {
  const sinkLoc = req.sink.typeProperties?.location ?? {};
  if (str(sinkLoc.fileName) ?? str(req.sink.typeProperties?.fileName)) return false;
  const behavior = str(req.typeProperties?.sink?.storeSettings?.copyBehavior) ?? 'PreserveHierarchy';
  if (behavior === 'MergeFiles') return false;
  const loc = await datasetLocation(req.source, 'Source');
  const files = await listSourceFiles(loc, req.typeProperties?.source?.storeSettings);
  const ext = req.source.type === req.sink.type ? '' : req.sink.type === 'Json' ? '.json' : req.sink.type === 'Parquet' ? '.parquet' : req.sink.type === 'Avro' ? '.avro' : '.txt';
  return files.map((entry) => {
    const rel = behavior === 'FlattenHierarchy' ? entry.name : relativeTo(loc.folderPath, entry);
    return { entry, target: ext ? rel.replace(/\.[^./]*$/, '') + ext : rel };
  });
}
