/**
 * The Copy activity output in ADF's shape (durations in seconds, throughput in KB/s).
 */
import { effectiveIntegrationRuntime } from '../model';
import type { ResolvedLinkedService } from '../contracts';

export interface CopyFigures {
  sourceType: string;
  sinkType: string;
  start: Date;
  /** When the first row/byte arrived from the source. */
  firstByte?: Date;
  end: Date;
  dataRead: number;
  dataWritten: number;
  filesRead?: number;
  filesWritten?: number;
  rowsRead?: number;
  rowsCopied?: number;
  rowsSkipped?: number;
  faultTolerant: boolean;
  status: 'Succeeded' | 'Failed' | 'Canceled';
  sinkConnections: number;
  /** Files copied at the same time (file → file copies with parallelCopies); 1 otherwise. */
  parallelCopies?: number;
  retries: number;
  throttled: number;
  readingMs: number;
  writingMs: number;
  logFilePath?: string;
  errors: { code: string | number; message: string }[];
  fileBased: boolean;
  /** The integration runtime that ran the copy (copyIntegrationRuntime). */
  integrationRuntime?: { name: string; selfHosted: boolean };
}


const secs = (ms: number) => Math.max(0, Math.round(ms / 1000));

/**
 * The runtime a copy runs on: a self-hosted runtime on either side (the source's first) does the copy; otherwise
 * the sink's runtime, as an Azure IR resolves to the sink's side.
 */
export function copyIntegrationRuntime(source: ResolvedLinkedService, sink: ResolvedLinkedService): { name: string; selfHosted: boolean } | undefined {
  if (source.integrationRuntime?.selfHosted) return source.integrationRuntime;
  if (sink.integrationRuntime?.selfHosted) return sink.integrationRuntime;
  return sink.integrationRuntime ?? source.integrationRuntime;
}

/** Builds the output object a Copy activity run reports. */
export function copyOutput(f: CopyFigures): Record<string, unknown> {
  const ms = Math.max(1, f.end.getTime() - f.start.getTime());
  const ttfb = f.firstByte ? f.firstByte.getTime() - f.start.getTime() : 0;
  const out: Record<string, unknown> = {
    dataRead: f.dataRead,
    dataWritten: f.dataWritten,
  };
  if (f.fileBased || f.filesRead !== undefined) out.filesRead = f.filesRead ?? 0;
  if (f.fileBased || f.filesWritten !== undefined) out.filesWritten = f.filesWritten ?? 0;
  out.sourcePeakConnections = 1;
  out.sinkPeakConnections = f.sinkConnections;
  if (f.rowsRead !== undefined) out.rowsRead = f.rowsRead;
  if (f.rowsCopied !== undefined) out.rowsCopied = f.rowsCopied;
  if (f.faultTolerant) out.rowsSkipped = f.rowsSkipped ?? 0;
  out.copyDuration = secs(ms);
  out.throughput = Math.round((f.dataRead / 1024 / (ms / 1000)) * 1000) / 1000;
  if (f.logFilePath) out.logFilePath = f.logFilePath;
  out.errors = f.errors.map((e) => ({ Code: e.code, Message: e.message, EventType: 0, Category: 5, Data: {}, MsgId: null, ExceptionType: null, Source: null, StackTrace: null, InnerEventInfos: [] }));
  out.effectiveIntegrationRuntime = effectiveIntegrationRuntime(f.integrationRuntime);
  out.usedDataIntegrationUnits = 4;
  out.billingReference = { activityType: 'DataMovement', billableDuration: [{ meterType: 'AzureIR', duration: Math.max(1 / 60, ms / 3_600_000), unit: 'DIUHours' }] };
  out.usedParallelCopies = f.parallelCopies ?? 1;
  const transferDetails: Record<string, unknown> = {
    // File sources are listed before they are read ("Monitor copy activity" example: listingSource).
    ...(f.fileBased ? { listingSource: { type: f.sourceType, workingDuration: 0 } } : {}),
    readingFromSource: { type: f.sourceType, workingDuration: secs(f.readingMs), timeToFirstByte: secs(ttfb) },
    writingToSink: { type: f.sinkType, workingDuration: secs(f.writingMs) },
  };
  if (f.retries) {
    (transferDetails.writingToSink as Record<string, unknown>).retries = f.retries;
    (transferDetails.writingToSink as Record<string, unknown>).throttledRequests = f.throttled;
  }
  out.executionDetails = [
    {
      source: { type: f.sourceType },
      sink: { type: f.sinkType },
      status: f.status,
      start: f.start.toISOString(),
      duration: secs(ms),
      usedDataIntegrationUnits: 4,
      usedParallelCopies: f.parallelCopies ?? 1,
      profile: {
        queue: { status: 'Completed', duration: 0 },
        transfer: { status: f.status === 'Succeeded' ? 'Completed' : f.status, duration: secs(ms), details: transferDetails },
      },
      detailedDurations: { queuingDuration: 0, timeToFirstByte: secs(ttfb), transferDuration: secs(ms - ttfb) },
    },
  ];
  out.dataConsistencyVerification = { VerificationResult: 'NotVerified' };
  out.durationInQueue = { integrationRuntimeQueue: 0 };
  return out;
}
