/**
 * Lookup: the first row ({firstRow}) or up to 5,000 rows ({count, value}) of a Cosmos DB query or file
 * dataset, as ADF. Output larger than 4 MB fails the activity, as in ADF.
 */
import type { ActivityIo, LookupRequest } from '../contracts/types';
import { ActivityFailure } from '../contracts';
import type { Row } from '../connectors/types';
import { openReader, type EndpointContext } from './endpoints';
import { toActivityFailure } from '../contracts';
import { effectiveIntegrationRuntime } from '../model';

const LOOKUP_MAX_ROWS = 5000;
const LOOKUP_MAX_BYTES = 4 * 1024 * 1024;

export async function runLookup(req: LookupRequest, io: ActivityIo, ctx: EndpointContext): Promise<Record<string, unknown>> {
  const want = req.firstRowOnly ? 1 : LOOKUP_MAX_ROWS;
  const rows: Row[] = [];
  const inner = new AbortController();
  const onAbort = () => inner.abort(io.signal.reason);
  io.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const reader = openReader(req.dataset, { ...req.source, ...(req.firstRowOnly && req.source?.pageSize === undefined ? { pageSize: 1 } : {}) }, ctx);
    for await (const batch of reader.batches(inner.signal)) {
      for (const r of batch) {
        if (rows.length < want) rows.push(r);
      }
      if (rows.length >= want) break;
    }
    await reader.close();
  } catch (e) {
    throw toActivityFailure(e);
  } finally {
    io.signal.removeEventListener('abort', onAbort);
  }
  const out: Record<string, unknown> = req.firstRowOnly ? (rows.length ? { firstRow: rows[0] } : {}) : { count: rows.length, value: rows };
  const size = Buffer.byteLength(JSON.stringify(out));
  if (size > LOOKUP_MAX_BYTES) {
    throw new ActivityFailure(`The size of the Lookup activity output (${size} bytes) exceeds the limit of 4 MB. Narrow the query or use firstRowOnly, or page through the data with ForEach.`, '2001', 'UserError');
  }
  return { ...out, effectiveIntegrationRuntime: effectiveIntegrationRuntime(req.dataset.linkedService.integrationRuntime) };
}
