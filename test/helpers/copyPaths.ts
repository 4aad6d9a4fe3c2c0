/**
 * The copy engine's two file → file paths side by side, for the fast-path tests: data services on the columnar
 * fast path and on the row path (the reference), both copying in-process, and an in-memory DuckDB connection that
 * reads the Parquet files they write. `close()` in `after()` releases all three.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createDataServices } from '../../src/engine/copy';
import type { ActivityIo, DataServices, ResolvedDataset } from '../../src/engine/contracts/types';

type PathName = 'fast' | 'row';

export interface CopyPaths {
  fast: DataServices;
  row: DataServices;
  con: DuckDBConnection;
  /**
   * Runs the same copy activity on both paths, each with its own `io` and its own sink (`sinkOf('fast' | 'row')`,
   * so that each writes its own folder); returns both outputs and ios.
   */
  both<Io extends ActivityIo>(source: ResolvedDataset, sinkOf: (path: PathName) => ResolvedDataset, typeProperties: Record<string, unknown>, ioOf: (path: PathName) => Io): Promise<Record<PathName, { out: Record<string, any>; io: Io }>>;
  /** The column names and types, and the rows, of a Parquet file. */
  parquetContent(file: string): Promise<{ types: unknown[][]; rows: unknown[][] }>;
  close(): Promise<void>;
}

/** A SQL string literal. */
export const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The metrics both paths must agree on; `withBytes` adds `dataWritten` (Parquet files differ in size). */
export const copyMetrics = (o: Record<string, any>, withBytes: boolean) => ({ rowsRead: o.rowsRead, rowsCopied: o.rowsCopied, rowsSkipped: o.rowsSkipped, dataRead: o.dataRead, filesRead: o.filesRead, filesWritten: o.filesWritten, ...(withBytes ? { dataWritten: o.dataWritten } : {}), errors: o.errors });

export async function openCopyPaths(): Promise<CopyPaths> {
  const fast = createDataServices({ localCosmos: 'never', copyIn: 'inline' });
  const row = createDataServices({ localCosmos: 'never', copyIn: 'inline', copyPath: 'row' });
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  return {
    fast,
    row,
    con,
    async both(source, sinkOf, typeProperties, ioOf) {
      const result = {} as Record<PathName, { out: Record<string, any>; io: ReturnType<typeof ioOf> }>;
      for (const [name, services] of [['fast', fast], ['row', row]] as const) {
        const io = ioOf(name);
        const out = (await services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {}, ...typeProperties }, source, sink: sinkOf(name) }, io)) as Record<string, any>;
        result[name] = { out, io };
      }
      return result;
    },
    async parquetContent(file) {
      const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlText(file)})`)).getRowObjectsJson().map((r) => [r.column_name, r.column_type]);
      const rows = (await con.runAndReadAll(`SELECT * FROM read_parquet(${sqlText(file)})`)).getRowsJson();
      return { types, rows };
    },
    async close() {
      await fast.dispose();
      await row.dispose();
      con.closeSync();
      db.closeSync();
    },
  };
}
