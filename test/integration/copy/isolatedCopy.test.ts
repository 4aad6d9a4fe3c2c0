import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { CosmosClientPool } from '../../../src/engine/connectors/cosmos/client';
import { CopyWorkerHost, copyWorkerFile } from '../../../src/engine/copy/isolatedCopy';
import { createDataServices } from '../../../src/engine/copy';
import { DEFAULT_RETRY } from '../../../src/engine/contracts/retry';
import { ActivityFailure, type CopyRequest } from '../../../src/engine/contracts/types';
import { fileDs, fileLs, testIo } from './helpers';

const root = mkdtempSync(path.join(os.tmpdir(), 'adfw-isolated-'));
const ls = fileLs(root);
const ROWS = 20_000;

function jsonToCsv(input: string, output: string, extra: Record<string, unknown> = {}): CopyRequest {
  return {
    activityName: 'CopyOnWorker',
    activityRunId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    typeProperties: { source: { type: 'JsonSource' }, sink: { type: 'DelimitedTextSink' }, ...extra },
    source: fileDs(ls, 'Json', { fileName: input }),
    sink: fileDs(ls, 'DelimitedText', { fileName: output }, { columnDelimiter: ',', firstRowAsHeader: true }),
  };
}

describe('copies on the copy worker thread', () => {
  const pool = new CosmosClientPool();
  let host: CopyWorkerHost;
  before(() => {
    const lines = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ id: i, qty: i % 7 === 0 ? 'many' : String(i % 7), city: ['Oslo', 'Lima'][i % 2] }));
    writeFileSync(path.join(root, 'rows.json'), lines.join('\n') + '\n');
    host = new CopyWorkerHost(copyWorkerFile()!, pool, DEFAULT_RETRY);
  });
  after(async () => {
    await host.dispose();
    pool.dispose();
  });

  it('runs on another thread and forwards progress, warnings and the redirect log linked service resolved by name', async () => {
    const io = testIo();
    const out = (await host.copy(
      {
        ...jsonToCsv('rows.json', 'rows.csv', {
          translator: { type: 'TabularTranslator', mappings: [{ source: { name: 'id' }, sink: { name: 'id' } }, { source: { name: 'qty' }, sink: { name: 'qty', type: 'Int32' } }] },
          enableSkipIncompatibleRow: true,
          redirectIncompatibleRowSettings: { linkedServiceName: { referenceName: 'Logs', type: 'LinkedServiceReference' }, path: 'skipped' },
        }),
        resolveLinkedService: (name) => fileLs(root, name),
      },
      io,
    )) as Record<string, any>;
    assert.ok(host.threadId !== undefined && host.threadId !== threadId, 'the copy ran on the worker thread');
    const skipped = Math.ceil(ROWS / 7);
    assert.equal(out.rowsRead, ROWS);
    assert.equal(out.rowsCopied, ROWS - skipped);
    assert.equal(out.rowsSkipped, skipped);
    assert.equal(readFileSync(path.join(root, 'rows.csv'), 'utf8').trim().split('\n').length, ROWS - skipped + 1);
    assert.equal(readFileSync(path.join(root, out.logFilePath), 'utf8').trim().split('\r\n').length, skipped + 1);
    assert.deepEqual(io.progressEvents.at(-1), { rowsRead: ROWS, rowsCopied: ROWS - skipped, rowsSkipped: skipped });
    assert.ok(io.logs.some((l) => l.level === 'warn' && new RegExp(`${skipped} incompatible row\\(s\\) skipped`).test(l.message)), JSON.stringify(io.logs));
  });

  it('gives the same output as a copy on the calling thread, and keeps a fixed clock fixed', async () => {
    const fixed = new Date('2025-06-30T12:00:00Z');
    const clock = { now: () => new Date(fixed), clockFixed: true };
    const onWorker = (await host.copy(jsonToCsv('rows.json', 'a.csv'), { ...testIo(), ...clock })) as Record<string, any>;
    const inline = createDataServices({ copyIn: 'inline' });
    const onCaller = (await inline.copy(jsonToCsv('rows.json', 'b.csv'), { ...testIo(), ...clock })) as Record<string, any>;
    await inline.dispose();
    const stable = (o: Record<string, any>) => ({ ...o, copyDuration: 0, throughput: 0, executionDetails: o.executionDetails.map((d: any) => ({ ...d, duration: 0, profile: undefined, detailedDurations: undefined })) });
    assert.deepEqual(stable(onWorker), stable(onCaller));
    assert.equal(onWorker.executionDetails[0].start, fixed.toISOString());
    assert.equal(readFileSync(path.join(root, 'a.csv'), 'utf8'), readFileSync(path.join(root, 'b.csv'), 'utf8'));
  });

  it('runs a request that cannot cross to the worker (a function inside) on the calling thread', async () => {
    const io = testIo();
    const req = jsonToCsv('rows.json', 'inline.csv', { callback: () => 1 });
    const out = (await host.copy(req, io)) as Record<string, any>;
    assert.equal(out.rowsCopied, ROWS);
    assert.ok(io.logs.some((l) => l.level === 'debug' && /runs on the calling thread/.test(l.message)), JSON.stringify(io.logs));
  });

  it('cancels a copy in flight', async () => {
    const big = Array.from({ length: 400_000 }, (_, i) => `{"id":${i},"note":"row ${i}"}`).join('\n');
    writeFileSync(path.join(root, 'big.json'), big);
    const io = testIo();
    const copying = host.copy(jsonToCsv('big.json', 'big.csv'), io);
    setTimeout(() => io.controller.abort(), 150);
    await assert.rejects(copying, (e: unknown) => {
      assert.ok(e instanceof ActivityFailure, String(e));
      assert.equal((e as ActivityFailure).output?.executionDetails && (e as any).output.executionDetails[0].status, 'Canceled');
      assert.ok(((e as any).output.rowsCopied as number) < 400_000);
      return true;
    });
  });

  it('fails the copy with a clear error when the worker runs out of memory, and the next copy gets a new worker', async () => {
    const tiny = new CopyWorkerHost(copyWorkerFile()!, pool, DEFAULT_RETRY, 4);
    const big = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i, text: 'x'.repeat(1_000_000) })).join('\n');
    writeFileSync(path.join(root, 'huge.json'), big);
    try {
      await assert.rejects(tiny.copy(jsonToCsv('huge.json', 'huge.csv'), testIo()), (e: unknown) => {
        assert.ok(e instanceof ActivityFailure);
        assert.match((e as Error).message, /The copy engine's worker stopped: it ran out of memory \(limit 4 MB\)/);
        return true;
      });
    } finally {
      await tiny.dispose();
    }
    const out = (await host.copy(jsonToCsv('rows.json', 'after.csv'), testIo())) as Record<string, any>;
    assert.equal(out.rowsCopied, ROWS);
  });
});
