/**
 * The row copy loop: reads batches from the source, maps them, and writes them with up to
 * `writer.concurrency` batches in flight, and reads the next source batch while the current one is written.
 * Reading waits while the writers are full (backpressure), so memory stays bounded by two source batches plus
 * the writes in flight, whatever the data size.
 */
import type { ActivityIo } from '../contracts/types';
import type { Row, RowFailure, RowReader, RowWriter } from '../connectors/types';
import type { Translator } from './translator';
import type { SkippedRowLog } from './faultTolerance';
import { ConnectorError, CONNECTOR_CODES, cosmosMessage } from '../contracts';

export interface RowCopyCounters {
  rowsRead: number;
  rowsCopied: number;
  rowsSkipped: number;
  bytesWritten: number;
  firstByte?: Date;
  readingMs: number;
  writingMs: number;
}

export interface RowCopyOptions {
  reader: RowReader;
  writer: RowWriter;
  translator: Translator;
  skip: boolean;
  log: SkippedRowLog;
  io: ActivityIo;
  signal: AbortSignal;
  counters: RowCopyCounters;
  /** Sink is Cosmos: refused rows are reported with Cosmos DB's wording. */
  sinkIsCosmos: boolean;
}

const PROGRESS_EVERY_MS = 250;

/** Copies all rows; throws a ConnectorError on the first unrecoverable failure (after in-flight writes settle). */
export async function copyRows(o: RowCopyOptions): Promise<void> {
  const { reader, writer, counters: c, io } = o;
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  let lastProgress = 0;
  const progress = (force = false) => {
    const t = Date.now();
    if (!force && t - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = t;
    io.progress({ rowsRead: c.rowsRead, rowsCopied: c.rowsCopied, rowsSkipped: c.rowsSkipped });
  };

  const refuse = async (failures: { row: Row; message: string; status?: number }[], operation: string) => {
    if (!failures.length) return;
    if (!o.skip) {
      const f = failures[0];
      const text = o.sinkIsCosmos && f.status !== undefined ? cosmosMessage(`${f.message} StatusCode: ${f.status}.`) : f.message;
      failure ??= new ConnectorError(text, 'Sink', o.sinkIsCosmos ? CONNECTOR_CODES.cosmos : CONNECTOR_CODES.format);
      return;
    }
    for (const f of failures) await o.log.add(f.row, operation, f.message);
    c.rowsSkipped += failures.length;
  };

  const submit = (rows: Row[]) => {
    const began = Date.now();
    const p = writer
      .write(rows, o.signal)
      .then(async (r) => {
        c.rowsCopied += r.written;
        c.bytesWritten += r.bytesWritten;
        await refuse(r.failures.map((f: RowFailure) => ({ row: f.row, message: f.message, status: f.status })), 'TabularRowSkip');
      })
      .catch((e) => {
        failure ??= e;
      })
      .finally(() => {
        c.writingMs += Date.now() - began;
        inflight.delete(p);
        progress();
      });
    inflight.add(p);
  };

  // Hands one page to the writers; the page is only referenced here, so it is released once written.
  const dispatch = async (batch: Row[]) => {
    const mapped = o.translator.map(batch);
    await refuse(mapped.incompatible, 'TabularRowSkip');
    const rows = mapped.rows;
    for (let i = 0; i < rows.length && !failure; i += writer.batchSize) {
      while (inflight.size >= writer.concurrency) await Promise.race(inflight);
      if (failure || o.signal.aborted) break;
      submit(rows.slice(i, i + writer.batchSize));
    }
  };

  await writer.open?.();
  const iterator = reader.batches(o.signal)[Symbol.asyncIterator]();
  // The next batch is read while the current one is written (one batch ahead, so memory stays bounded).
  let ahead: Promise<IteratorResult<Row[]>> | undefined;
  const fetchNext = () => {
    const t0 = Date.now();
    const p = iterator.next().finally(() => (c.readingMs += Date.now() - t0));
    p.catch(() => undefined); // observed when awaited; never an unhandled rejection if the loop stops first
    return p;
  };
  try {
    ahead = fetchNext();
    for (;;) {
      if (failure || o.signal.aborted) break;
      const next = await ahead!;
      ahead = undefined;
      if (next.done) break;
      c.firstByte ??= new Date();
      c.rowsRead += next.value.length;
      if (!failure && !o.signal.aborted) ahead = fetchNext();
      await dispatch(next.value);
      progress();
    }
  } catch (e) {
    failure ??= e;
  } finally {
    await Promise.allSettled([...inflight]);
    if (ahead) await ahead.catch(() => undefined);
    await iterator.return?.(undefined).catch(() => undefined);
    await reader.close();
  }
  progress(true);
  if (failure) throw failure;
}
