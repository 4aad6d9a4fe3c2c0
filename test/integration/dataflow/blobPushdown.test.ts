/**
 * Data flow push-down with Blob storage (azurite) and ADLS Gen2 (same client): a run reads a Blob folder's CSV files
 * with DuckDB through temporary local files and writes a Blob CSV sink and an ADLS Gen2 Parquet sink the same way,
 * with the connector path's files and metrics; the temporary files are gone after the run, also after a failure;
 * a preview reads Blob sources through the connector (it stops at the row limit).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { startAzurite, type AzuriteHandle } from '../../helpers/servers';
import { resourceFromText } from '../../../src/engine/model/loader';
import { RESOURCE_KINDS, type Factory } from '../../../src/engine/model/types';
import { previewDataFlow, runDataFlowActivity } from '../../../src/engine/dataflow';
import type { ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';
import { testIo } from '../copy/helpers';

const SCRIPT = [
  'source(output(',
  '\t\tid as integer,',
  '\t\tname as string,',
  '\t\tamount as double',
  '\t),',
  '\tallowSchemaDrift: false,',
  '\tvalidateSchema: false) ~> Orders',
  'Orders filter(amount >= 10) ~> Big',
  "Big derive(tier = iif(amount >= 80, 'gold', 'silver')) ~> Tiered",
  'Tiered sink(allowSchemaDrift: true) ~> CsvSink',
  'Tiered sink(allowSchemaDrift: true) ~> LakeSink',
];

function factory(): Factory {
  const resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map()])) as Factory['resources'];
  const ref = (n: string) => ({ referenceName: n, type: 'DatasetReference' });
  const json = JSON.stringify({ name: 'Tiers', properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'Orders', dataset: ref('BlobOrders') }], sinks: [{ name: 'CsvSink', dataset: ref('BlobCsv') }, { name: 'LakeSink', dataset: ref('LakeParquet') }], scriptLines: SCRIPT } } });
  resources.dataflow.set('Tiers', resourceFromText('dataflow', '/f/dataflow/Tiers.json', json).resource!);
  return { root: '/f', name: 'f', resources, diagnostics: [], ignoredFiles: [] };
}

const CSV_SETTINGS = { columnDelimiter: ',', escapeChar: '\\', quoteChar: '"', firstRowAsHeader: true };
const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('staging-')) : []);

describe('data flow push-down with Blob storage and ADLS Gen2', () => {
  let azurite: AzuriteHandle;
  let blobs: BlobServiceClient;
  let root: string;
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  let blob: ResolvedLinkedService;
  let lake: ResolvedLinkedService;
  const datasets = (folder: string, sinkLs?: ResolvedLinkedService): Record<string, ResolvedDataset> => ({
    BlobOrders: { name: 'BlobOrders', type: 'DelimitedText', typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'inbox', folderPath: 'orders' }, ...CSV_SETTINGS }, parameters: {}, linkedService: blob },
    BlobCsv: { name: 'BlobCsv', type: 'DelimitedText', typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'out', folderPath: folder, fileName: 'tiers.csv' }, ...CSV_SETTINGS }, parameters: {}, linkedService: sinkLs ?? blob },
    LakeParquet: { name: 'LakeParquet', type: 'Parquet', typeProperties: { location: { type: 'AzureBlobFSLocation', fileSystem: 'lake', folderPath: folder, fileName: 'tiers.parquet' }, compressionCodec: 'snappy' }, parameters: {}, linkedService: sinkLs ?? lake },
  });
  const run = async (folder: string, pushDown: boolean, sinkLs?: ResolvedLinkedService) => {
    const io = testIo(mkdtempSync(path.join(root, `work-${folder}-`)));
    const ds = datasets(folder, sinkLs);
    const out = (await runDataFlowActivity(factory(), { dataflow: { referenceName: 'Tiers', type: 'DataFlowReference' } }, io, (r) => ds[r.referenceName], { pushDown }).finally(() => assert.deepEqual(leftovers(io.workDir!), [], 'temporary files left'))) as any;
    return { out, io };
  };
  const parquetRows = async (bytes: Buffer) => {
    const file = path.join(root, `t-${Math.random().toString(36).slice(2)}.parquet`);
    writeFileSync(file, bytes);
    return (await con.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}') ORDER BY id`)).getRowObjectsJson();
  };

  before(async () => {
    azurite = await startAzurite();
    blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
    root = mkdtempSync(path.join(os.tmpdir(), 'adfw-dfblob-'));
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    blob = { name: 'Blob', type: 'AzureBlobStorage', typeProperties: { connectionString: azurite.connectionString }, secrets: [] };
    lake = { name: 'Lake', type: 'AzureBlobFS', typeProperties: { connectionString: azurite.connectionString }, secrets: [] };
    const c = blobs.getContainerClient('inbox');
    await c.create();
    await blobs.getContainerClient('out').create();
    await c.getBlockBlobClient('orders/a.csv').uploadData(Buffer.from('id,name,amount\r\n1,"say \\"hi\\", ok",12.5\r\n2,"two\nlines",95\r\n3,small,2\r\n'));
    await c.getBlockBlobClient('orders/b.csv').uploadData(Buffer.from('id,name,amount\r\n4,ünïcødé 😀,80\r\n5,,10\r\n'));
    await c.getBlockBlobClient('orders/empty.csv').uploadData(Buffer.alloc(0));
  });
  after(async () => {
    con.closeSync();
    db.closeSync();
    await azurite.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('pushes Blob sources and Blob / ADLS Gen2 sinks down to DuckDB with the connector path’s files and metrics', async () => {
    const pushed = await run('pushed', true);
    const plain = await run('plain', false);
    const logs = pushed.io.logs.map((l) => l.message);
    assert.ok(logs.some((m) => /source 'Orders' is read by DuckDB directly \(DelimitedText, 3 file\(s\)\)/.test(m)), JSON.stringify(logs));
    for (const s of ['CsvSink', 'LakeSink']) assert.ok(logs.some((m) => new RegExp(`sink '${s}' was written by DuckDB to a temporary local file, then uploaded`).test(m)), JSON.stringify(logs));
    assert.ok(!plain.io.logs.some((l) => /by DuckDB/.test(l.message)), JSON.stringify(plain.io.logs));
    const csv = await Promise.all(['pushed', 'plain'].map((f) => blobs.getContainerClient('out').getBlobClient(`${f}/tiers.csv`).downloadToBuffer()));
    assert.equal(csv[0].toString('utf8'), csv[1].toString('utf8'));
    assert.match(csv[0].toString('utf8'), /^id,name,amount,tier\r\n/);
    const pq = await Promise.all(['pushed', 'plain'].map((f) => blobs.getContainerClient('lake').getBlobClient(`${f}/tiers.parquet`).downloadToBuffer()));
    const rows = await Promise.all(pq.map(parquetRows));
    assert.deepEqual(rows[0], rows[1]);
    assert.deepEqual(rows[0].map((r) => [r.id, r.tier]), [[1, 'silver'], [2, 'gold'], [4, 'gold'], [5, 'silver']]);
    const m = [pushed, plain].map((r) => r.out.runStatus.metrics);
    for (const s of ['CsvSink', 'LakeSink']) {
      assert.equal(m[0][s].rowsWritten, 4);
      assert.equal(m[0][s].rowsWritten, m[1][s].rowsWritten);
      assert.equal(m[0][s].stages[0].bytesRead, m[1][s].stages[0].bytesRead);
      assert.deepEqual(m[0][s].sources, m[1][s].sources);
    }
    assert.equal(m[0].CsvSink.stages[0].bytesWritten, csv[0].length);
    assert.equal(m[0].CsvSink.stages[0].bytesWritten, m[1].CsvSink.stages[0].bytesWritten);
    assert.equal(m[0].LakeSink.stages[0].bytesWritten, pq[0].length);
  });

  it('removes the temporary files when an upload fails', async () => {
    const bad: ResolvedLinkedService = { name: 'Bad', type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: azurite.blobEndpoint, accountKey: Buffer.from('not the key').toString('base64') }, secrets: [] };
    const io = testIo(mkdtempSync(path.join(root, 'work-bad-')));
    const ds = datasets('bad', bad);
    await assert.rejects(runDataFlowActivity(factory(), { dataflow: { referenceName: 'Tiers', type: 'DataFlowReference' } }, io, (r) => ds[r.referenceName]), (e: Error) => !(e instanceof assert.AssertionError) && /sink|403|authoriz|signature/i.test(e.message));
    // The source was staged before the sink failed.
    assert.ok(io.logs.some((l) => /source 'Orders' is read by DuckDB directly/.test(l.message)), JSON.stringify(io.logs));
    assert.deepEqual(leftovers(io.workDir!), []);
  });

  it('previews a Blob source through the connector, which stops at the row limit', async () => {
    const ds = datasets('preview');
    const r = await previewDataFlow({ factory: factory(), dataflow: 'Tiers', stream: 'Tiered', sourceRows: 2, resolveDataset: (x) => ds[x.referenceName], workDir: mkdtempSync(path.join(root, 'preview-')) });
    assert.equal(r.sources.Orders.pushedDown, false);
    assert.match(r.sources.Orders.reason!, /a preview reads Blob and ADLS files through the connector/);
    assert.deepEqual(r.rows.map((x) => x.id), [1, 2]);
  });
});
