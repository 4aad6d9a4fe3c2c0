/**
 * The columnar fast path with Blob storage (azurite) on either side: Blob → local, local → Blob and Blob → Blob
 * for DelimitedText, JSON Lines and Parquet sources give the row path's files (byte-equal DelimitedText, same
 * columns, types and rows for Parquet) and metrics; folders with wildcards copy file by file, ADLS Gen2 through the
 * same client; the temporary local files are gone after success, after a failure and after a cancellation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';
import { copyMetrics as metrics, openCopyPaths, sqlText as q, type CopyPaths } from '../../helpers/copyPaths';
import { startAzurite, type AzuriteHandle } from '../../helpers/servers';
import { blobLs, fileDs, fileLs, testIo } from './helpers';

let root: string;
let azurite: AzuriteHandle;
let blobs: BlobServiceClient;
let paths: CopyPaths;
let n = 0;

/** Temporary staging folders left in a work folder. */
const leftovers = (workDir: string) => (existsSync(workDir) ? readdirSync(workDir).filter((f) => f.startsWith('fast-staging-')) : []);

const columns = ['id', 'name', 'note', 'big'];
const values = [
  ['1', 'plain', 'x', '12345678901234567890123'],
  ['2', 'comma, "quoted"', null, '-0.5e10'],
  ['3', 'line\nbreak', '', 'NULL'],
  ['4', 'unicode é 日本 😀', '\\back\\slash', '0x1F'],
  ['5', 'crlf\r\nand ;|\t', 'True', ''],
];

/** The same table as CSV, JSON Lines and Parquet bytes. */
async function sources(): Promise<Record<'csv' | 'jsonl' | 'parquet', Buffer>> {
  const csv = Buffer.from(stringify([columns, ...values.map((r) => r.map((v) => v ?? ''))], { delimiter: ',', quote: '"', escape: '"', record_delimiter: '\r\n', quoted_match: /[\r\n]/ }));
  const jsonl = Buffer.from(values.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, r[i]]))) + '\n').join(''));
  const dir = mkdtempSync(path.join(root, 'gen-'));
  writeFileSync(path.join(dir, 'd.jsonl'), jsonl);
  const struct = columns.map((c) => `${q(c)}: 'VARCHAR'`).join(', ');
  await paths.con.run(`COPY (SELECT * FROM read_json(${q(path.join(dir, 'd.jsonl'))}, format = 'newline_delimited', columns = {${struct}})) TO ${q(path.join(dir, 'd.parquet'))} (FORMAT parquet)`);
  const { readFileSync } = await import('node:fs');
  return { csv, jsonl, parquet: readFileSync(path.join(dir, 'd.parquet')) };
}

const sourceDs = (ls: ResolvedLinkedService, format: 'csv' | 'jsonl' | 'parquet', location: Record<string, unknown>): ResolvedDataset =>
  format === 'csv' ? fileDs(ls, 'DelimitedText', location, { firstRowAsHeader: true, escapeChar: '"' }) : fileDs(ls, format === 'jsonl' ? 'Json' : 'Parquet', location);

/** The bytes of a sink file, from Blob or a local folder. */
async function sinkBytes(where: { container?: ContainerClient; dir?: string }, file: string): Promise<Buffer> {
  if (where.container) return where.container.getBlobClient(file).downloadToBuffer();
  const { readFileSync } = await import('node:fs');
  return readFileSync(path.join(where.dir!, file));
}

/** The columns, types and rows of Parquet bytes (written to a scratch file for DuckDB). */
async function parquetContent(bytes: Buffer) {
  const file = path.join(root, `pq-${n++}.parquet`);
  writeFileSync(file, bytes);
  return paths.parquetContent(file);
}

/** Runs a copy on both paths; the sink dataset is built per path so each writes its own folder. */
async function both(source: ResolvedDataset, sinkOf: (folder: string) => ResolvedDataset, tp: Record<string, unknown> = {}) {
  const result = await paths.both(source, sinkOf, tp, (name) => testIo(mkdtempSync(path.join(root, `work-${name}-`))));
  for (const name of ['fast', 'row'] as const) assert.deepEqual(leftovers(result[name].io.workDir!), [], `${name}: temporary files left`);
  return result;
}

describe('copy fast path with Blob storage', () => {
  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'adfw-fastblob-'));
    azurite = await startAzurite();
    blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
    paths = await openCopyPaths();
  });
  after(async () => {
    await paths.close();
    await azurite.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies CSV, JSON Lines and Parquet Blob → local, local → Blob and Blob → Blob as the row path does', async () => {
    const data = await sources();
    const blob = blobLs(azurite.connectionString);
    const inbox = blobs.getContainerClient('inbox');
    await inbox.createIfNotExists();
    const localDir = path.join(root, 'local');
    mkdirSync(path.join(localDir, 'in'), { recursive: true });
    const local = fileLs(localDir);
    const ext = { csv: 'csv', jsonl: 'jsonl', parquet: 'parquet' } as const;
    for (const format of ['csv', 'jsonl', 'parquet'] as const) {
      await inbox.getBlockBlobClient(`in/data.${ext[format]}`).uploadData(data[format]);
      writeFileSync(path.join(localDir, 'in', `data.${ext[format]}`), data[format]);
    }
    let checked = 0;
    for (const direction of ['blob→local', 'local→blob', 'blob→blob'] as const) {
      for (const format of ['csv', 'jsonl', 'parquet'] as const) {
        for (const sinkType of ['DelimitedText', 'Parquet'] as const) {
          const fromBlob = direction !== 'local→blob';
          const toBlob = direction !== 'blob→local';
          const source = fromBlob ? sourceDs(blob, format, { container: 'inbox', folderPath: 'in', fileName: `data.${ext[format]}` }) : sourceDs(local, format, { folderPath: 'in', fileName: `data.${ext[format]}` });
          const container = `out${checked}`;
          const file = sinkType === 'Parquet' ? 'out.parquet' : 'out.csv';
          const settings = sinkType === 'Parquet' ? { compressionCodec: 'snappy' } : { firstRowAsHeader: true, quoteChar: '"', escapeChar: '\\', nullValue: 'NULL' };
          const sinkOf = (folder: string) => (toBlob ? fileDs(blob, sinkType, { container, folderPath: folder, fileName: file }, settings) : fileDs(local, sinkType, { folderPath: `${container}/${folder}`, fileName: file }, settings));
          const r = await both(source, sinkOf);
          const label = `${direction} ${format} → ${sinkType}`;
          assert.ok(r.fast.io.logs.some((l) => /columnar fast path .*streamed through temporary local files/.test(l.message)), `${label}: ${JSON.stringify(r.fast.io.logs)}`);
          assert.ok(!r.fast.io.logs.some((l) => /row path/.test(l.message)), `${label}: ${JSON.stringify(r.fast.io.logs)}`);
          assert.ok(r.row.io.logs.some((l) => /row path/.test(l.message)));
          assert.deepEqual(metrics(r.fast.out, sinkType !== 'Parquet'), metrics(r.row.out, sinkType !== 'Parquet'), label);
          assert.equal(r.fast.out.rowsCopied, values.length, label);
          assert.equal(r.fast.out.dataRead, data[format].length, label);
          assert.equal(r.fast.out.sourcePeakConnections ?? 1, r.row.out.sourcePeakConnections ?? 1);
          const where = toBlob ? { container: blobs.getContainerClient(container) } : { dir: path.join(localDir, container) };
          const [a, b] = await Promise.all(['fast', 'row'].map((f) => sinkBytes(where, `${f}/${file}`)));
          assert.equal(r.fast.out.dataWritten, a.length, label);
          if (sinkType === 'Parquet') assert.deepEqual(await parquetContent(a), await parquetContent(b), label);
          else assert.equal(a.toString('latin1'), b.toString('latin1'), label);
          checked++;
        }
      }
    }
    assert.equal(checked, 18);
  });

  it('copies a Blob folder with a wildcard file by file to ADLS Gen2 (same client), as the row path does', async () => {
    const c = blobs.getContainerClient('landing');
    await c.createIfNotExists();
    const lines = (from: number, k: number) => Array.from({ length: k }, (_, i) => `${from + i},"name ${from + i}, ""q""",${i % 3 ? 'x' : ''}\r\n`).join('');
    await c.getBlockBlobClient('2025/a.csv').uploadData(Buffer.from('id,name,note\r\n' + lines(0, 300)));
    await c.getBlockBlobClient('2025/sub/b.csv').uploadData(Buffer.from('id,name,note\r\n' + lines(300, 200)));
    await c.getBlockBlobClient('2025/skip.txt').uploadData(Buffer.from('not,a,match\r\n'));
    const source = fileDs(blobLs(azurite.connectionString), 'DelimitedText', { container: 'landing', folderPath: '2025' }, { firstRowAsHeader: true, escapeChar: '"' });
    const gen2: ResolvedLinkedService = { name: 'Gen2', type: 'AzureBlobFS', typeProperties: { connectionString: azurite.connectionString }, secrets: [] };
    const sinkOf = (folder: string) => fileDs(gen2, 'Parquet', { fileSystem: 'lake', folderPath: folder }, { compressionCodec: 'gzip' });
    const tp = { source: { storeSettings: { type: 'AzureBlobStorageReadSettings', recursive: true, wildcardFileName: '*.csv' } }, sink: {}, parallelCopies: 2 };
    const r = await both(source, sinkOf, tp);
    assert.ok(!r.fast.io.logs.some((l) => /row path/.test(l.message)), JSON.stringify(r.fast.io.logs));
    assert.deepEqual(metrics(r.fast.out, false), metrics(r.row.out, false));
    assert.equal(r.fast.out.filesRead, 2);
    assert.equal(r.fast.out.filesWritten, 2);
    assert.equal(r.fast.out.rowsCopied, 500);
    const lake = blobs.getContainerClient('lake');
    let written = 0;
    for (const f of ['a', 'sub/b']) {
      const [a, b] = await Promise.all(['fast', 'row'].map((p) => lake.getBlobClient(`${p}/${f}.parquet`).downloadToBuffer()));
      written += a.length;
      assert.deepEqual(await parquetContent(a), await parquetContent(b));
    }
    assert.equal(r.fast.out.dataWritten, written);
  });

  it('falls back to the row path for a Blob file DuckDB refuses, and removes the temporary files', async () => {
    const c = blobs.getContainerClient('odd');
    await c.createIfNotExists();
    await c.getBlockBlobClient('n.jsonl').uploadData(Buffer.from('{"id":"a","n":"1"}\n{"id":"b","n":1.50}\n'));
    const blob = blobLs(azurite.connectionString);
    const r = await both(fileDs(blob, 'Json', { container: 'odd', fileName: 'n.jsonl' }), (folder) => fileDs(blob, 'DelimitedText', { container: 'odd', folderPath: folder, fileName: 'n.csv' }, { firstRowAsHeader: true }));
    assert.ok(r.fast.io.logs.some((l) => /file 'n.jsonl' copied on the row path, because DuckDB: .*a value of 'n' is not a string/.test(l.message)), JSON.stringify(r.fast.io.logs));
    assert.equal((await c.getBlobClient('fast/n.csv').downloadToBuffer()).toString('utf8'), 'id,n\r\na,1\r\nb,1.5\r\n');
    assert.deepEqual(metrics(r.fast.out, true), metrics(r.row.out, true));
  });

  it('fails as the row path does when the upload fails or the source is broken, and leaves no temporary files', async () => {
    const dir = path.join(root, 'fail');
    mkdirSync(path.join(dir, 'in'), { recursive: true });
    writeFileSync(path.join(dir, 'in', 'ok.csv'), 'a,b\r\n1,2\r\n');
    // A wrong account key: the source is read and DuckDB writes the staged file, then the upload is refused.
    const badKey: ResolvedLinkedService = { name: 'Bad', type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: azurite.blobEndpoint, accountKey: Buffer.from('not the key').toString('base64') }, secrets: [] };
    const source = fileDs(fileLs(dir), 'DelimitedText', { folderPath: 'in', fileName: 'ok.csv' }, { firstRowAsHeader: true });
    const failures: Record<string, any>[] = [];
    for (const [name, services] of [['fast', paths.fast], ['row', paths.row]] as const) {
      const io = testIo(mkdtempSync(path.join(root, `work-fail-${name}-`)));
      await assert.rejects(
        services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {} }, source, sink: fileDs(badKey, 'DelimitedText', { container: 'nope', fileName: 'x.csv' }, { firstRowAsHeader: true }) }, io),
        (e: any) => {
          failures.push(e);
          return true;
        },
      );
      if (name === 'fast') assert.ok(io.logs.some((l) => /columnar fast path/.test(l.message)), JSON.stringify(io.logs));
      assert.deepEqual(leftovers(io.workDir!), [], `${name}: temporary files left`);
    }
    assert.equal(failures[0].errorCode, failures[1].errorCode);
    assert.match(failures[0].message, /Writing the sink file failed|403|authoriz|signature/i);
    // A broken Parquet blob: DuckDB refuses it, the row path fails on it as it would alone.
    const c = blobs.getContainerClient('broken');
    await c.createIfNotExists();
    await c.getBlockBlobClient('bad.parquet').uploadData(Buffer.from('PAR1 this is not parquet'));
    const blob = blobLs(azurite.connectionString);
    const messages: string[] = [];
    for (const [name, services] of [['fast', paths.fast], ['row', paths.row]] as const) {
      const io = testIo(mkdtempSync(path.join(root, `work-broken-${name}-`)));
      await assert.rejects(services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {} }, source: fileDs(blob, 'Parquet', { container: 'broken', fileName: 'bad.parquet' }), sink: fileDs(blob, 'DelimitedText', { container: 'broken', folderPath: name, fileName: 'x.csv' }, { firstRowAsHeader: true }) }, io), (e: any) => {
        messages.push(e.message);
        return true;
      });
      if (name === 'fast') assert.ok(io.logs.some((l) => /bad.parquet' copied on the row path, because DuckDB/.test(l.message)), JSON.stringify(io.logs));
      assert.deepEqual(leftovers(io.workDir!), [], `${name}: temporary files left`);
    }
    assert.equal(messages[0], messages[1]);
  });

  it('stops a cancelled copy while it stages a Blob file, and removes the temporary files', async () => {
    const c = blobs.getContainerClient('large');
    await c.createIfNotExists();
    const row = 'abcdefghij'.repeat(10);
    const text = 'id,payload\r\n' + Array.from({ length: 150_000 }, (_, i) => `${i},${row}\r\n`).join('');
    await c.getBlockBlobClient('big.csv').uploadData(Buffer.from(text));
    const blob = blobLs(azurite.connectionString);
    const io = testIo(mkdtempSync(path.join(root, 'work-cancel-')));
    const running = paths.fast.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {} }, source: fileDs(blob, 'DelimitedText', { container: 'large', fileName: 'big.csv' }, { firstRowAsHeader: true }), sink: fileDs(blob, 'Parquet', { container: 'large', folderPath: 'out', fileName: 'big.parquet' }) }, io);
    const outcome = running.then(
      () => 'done',
      (e: any) => e,
    );
    // Cancel once the staging folder exists (the download is under way).
    for (let i = 0; i < 2000 && !leftovers(io.workDir!).length; i++) await new Promise((r) => setTimeout(r, 2));
    assert.equal(leftovers(io.workDir!).length, 1, 'the staging folder never appeared');
    io.controller.abort();
    const e = await outcome;
    assert.notEqual(e, 'done', 'the copy finished before it was cancelled');
    assert.equal(e.output?.executionDetails?.[0]?.status, 'Canceled', JSON.stringify(e.output));
    assert.deepEqual(leftovers(io.workDir!), []);
    assert.equal(await c.getBlobClient('out/big.parquet').exists(), false);
  });
});
