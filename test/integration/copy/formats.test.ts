/**
 * File formats on local folders and on Blob storage (azurite): every format round trip, gzip, encodings,
 * wildcards / recursive / modified window, Blob → Cosmos and Cosmos → Blob, Lookup, GetMetadata and Delete.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { BlobServiceClient } from '@azure/storage-blob';
import { BulkOperationType, CosmosClient, type OperationInput } from '@azure/cosmos';
import { startAzurite, startCosmosServer, type AzuriteHandle, type CosmosServerHandle } from '../../helpers/servers';
import { createDataServices } from '../../../src/engine/copy';
import { ActivityFailure, type DataServices, type ResolvedDataset } from '../../../src/engine/contracts/types';
import { blobLs, cosmosDs, cosmosLs, fileDs, fileLs, orders, testIo } from './helpers';

let azurite: AzuriteHandle;
let cosmos: CosmosServerHandle;
let cosmosClient: CosmosClient;
let blobs: BlobServiceClient;
let services: DataServices;

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'adfw-fmt-'));
const copy = (source: ResolvedDataset, sink: ResolvedDataset, tp: Record<string, unknown> = {}) => services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {}, ...tp }, source, sink }, testIo()) as Promise<Record<string, any>>;

const rows = [
  { id: '1', name: 'Ana, "the" first', city: 'Lisbon', amount: 10.5, active: true },
  { id: '2', name: 'Bruno\nNewline', city: 'Kraków', amount: 0, active: false },
  { id: '3', name: 'Chiara', city: null, amount: -3.25, active: true },
];

describe('file formats and stores', () => {
  before(async () => {
    azurite = await startAzurite();
    cosmos = await startCosmosServer();
    cosmosClient = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
    blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
    services = createDataServices({ localCosmos: 'never' });
  });
  after(async () => {
    await services.dispose();
    cosmosClient.dispose();
    await cosmos.stop();
    await azurite.stop();
  });

  it('Json (lines and array) → DelimitedText (header, quotes, gzip) → Parquet → Json round trip on local files', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'in.json'), JSON.stringify(rows, null, 2));
    const jsonIn = fileDs(ls, 'Json', { folderPath: '', fileName: 'in.json' });
    const csv = fileDs(ls, 'DelimitedText', { folderPath: 'stage', fileName: 'people.csv.gz' }, { columnDelimiter: ';', quoteChar: '"', escapeChar: '"', firstRowAsHeader: true, compression: { type: 'GZip' } });
    const o1 = await copy(jsonIn, csv);
    assert.equal(o1.rowsRead, 3);
    assert.equal(o1.rowsCopied, 3);
    assert.equal(o1.filesRead, 1);
    assert.equal(o1.filesWritten, 1);
    const text = gunzipSync(readFileSync(path.join(dir, 'stage', 'people.csv.gz'))).toString('utf8');
    assert.equal(text.split('\r\n')[0], 'id;name;city;amount;active');
    assert.match(text, /"Ana, ""the"" first"/);

    const parquet = fileDs(ls, 'Parquet', { folderPath: 'stage', fileName: 'people.parquet' });
    const o2 = await copy(csv, parquet);
    assert.equal(o2.rowsCopied, 3);
    const jsonOut = fileDs(ls, 'Json', { folderPath: 'out', fileName: 'people.json' });
    await copy(parquet, jsonOut, { sink: { formatSettings: { filePattern: 'setOfObjects' } } });
    const back = readFileSync(path.join(dir, 'out', 'people.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // DelimitedText carries text: values come back as strings, nulls as null.
    assert.deepEqual(back, rows.map((r) => ({ id: r.id, name: r.name, city: r.city, amount: String(r.amount), active: r.active ? 'True' : 'False' })));
  });

  it('Parquet keeps numbers and booleans; arrayOfObjects output; typed mapping from CSV', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'rows.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const pq = fileDs(ls, 'Parquet', { fileName: 'rows.parquet' });
    await copy(fileDs(ls, 'Json', { fileName: 'rows.jsonl' }), pq);
    await copy(pq, fileDs(ls, 'Json', { fileName: 'rows.json' }), { sink: { formatSettings: { filePattern: 'arrayOfObjects' } } });
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'rows.json'), 'utf8')), rows);

    writeFileSync(path.join(dir, 'typed.csv'), 'Id|Amount|Paid\n7|12.50|yes\n8|x|no\n');
    const out = await copy(fileDs(ls, 'DelimitedText', { fileName: 'typed.csv' }, { columnDelimiter: '|', firstRowAsHeader: true }), fileDs(ls, 'Json', { fileName: 'typed.json' }), {
      translator: { type: 'TabularTranslator', mappings: [{ source: { name: 'Id' }, sink: { path: "$['id']", type: 'Int32' } }, { source: { name: 'Amount' }, sink: { path: "$['money']['amount']", type: 'Double' } }, { source: { name: 'Paid' }, sink: { path: "$['paid']", type: 'Boolean' } }] },
      enableSkipIncompatibleRow: true,
    });
    assert.equal(out.rowsRead, 2);
    assert.equal(out.rowsCopied, 1);
    assert.equal(out.rowsSkipped, 1);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'typed.json'), 'utf8').trim()), { id: 7, money: { amount: 12.5 }, paid: true });
  });

  it('tabular sinks take their columns from the mappings, and Parquet columns the Parquet type of the mapping\'s sink type', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'orders.csv'), 'Id,Qty,Total,Paid,PlacedAt,Note\n9007199254740,3,12.5,true,2025-03-01T10:00:00+02:00,first\n2,1,0.25,false,2025-03-02T00:00:00Z,\n');
    const pq = fileDs(ls, 'Parquet', { fileName: 'orders.parquet' });
    const out = await copy(fileDs(ls, 'DelimitedText', { fileName: 'orders.csv' }, { columnDelimiter: ',', firstRowAsHeader: true }), pq, {
      translator: {
        type: 'TabularTranslator',
        mappings: [
          { source: { name: 'Id' }, sink: { name: 'id', type: 'Int64' } },
          { source: { name: 'Qty' }, sink: { name: 'qty', type: 'Int32' } },
          { source: { name: 'Total' }, sink: { name: 'total', type: 'Decimal' } },
          { source: { name: 'Paid' }, sink: { name: 'paid', type: 'Boolean' } },
          { source: { name: 'PlacedAt' }, sink: { name: 'placedAt', type: 'DateTime' } },
          { source: { name: 'Note' }, sink: { name: 'note' } },
        ],
      },
    });
    assert.equal(out.rowsCopied, 2);
    const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
    const buf = readFileSync(path.join(dir, 'orders.parquet'));
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const schema = Object.fromEntries(parquetMetadata(file).schema.slice(1).map((e) => [e.name, [e.type, e.converted_type ?? null]]));
    assert.deepEqual(schema, {
      id: ['INT64', null],
      qty: ['INT32', null],
      total: ['DOUBLE', null],
      paid: ['BOOLEAN', null],
      placedAt: ['INT64', 'TIMESTAMP_MILLIS'],
      note: ['BYTE_ARRAY', 'UTF8'],
    });
    const back = await parquetReadObjects({ file });
    assert.deepEqual(back.map((r) => ({ ...r, placedAt: (r.placedAt as Date).toISOString() })), [
      { id: 9007199254740n, qty: 3, total: 12.5, paid: true, placedAt: '2025-03-01T08:00:00.000Z', note: 'first' },
      { id: 2n, qty: 1, total: 0.25, paid: false, placedAt: '2025-03-02T00:00:00.000Z', note: null },
    ]);
    // A tabular sink's columns are the mapping's sink names, in mapping order (not the source's header).
    await copy(fileDs(ls, 'DelimitedText', { fileName: 'orders.csv' }, { columnDelimiter: ',', firstRowAsHeader: true }), fileDs(ls, 'DelimitedText', { fileName: 'renamed.csv' }, { columnDelimiter: ',', firstRowAsHeader: true }), {
      translator: { type: 'TabularTranslator', mappings: [{ source: { name: 'Note' }, sink: { name: 'remark' } }, { source: { name: 'Id' }, sink: { name: 'orderId' } }] },
    });
    assert.deepEqual(readFileSync(path.join(dir, 'renamed.csv'), 'utf8').trim().split(/\r?\n/), ['remark,orderId', 'first,9007199254740', ',2']);
  });

  it('DelimitedText without header uses Prop_N columns; encodings; a bad file names itself', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'latin.csv'), Buffer.from('1,Zoë\n2,Ångström\n', 'latin1'));
    await copy(fileDs(ls, 'DelimitedText', { fileName: 'latin.csv' }, { encodingName: 'ISO-8859-1' }), fileDs(ls, 'Json', { fileName: 'latin.json' }));
    assert.deepEqual(readFileSync(path.join(dir, 'latin.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)), [{ Prop_0: '1', Prop_1: 'Zoë' }, { Prop_0: '2', Prop_1: 'Ångström' }]);
    writeFileSync(path.join(dir, 'broken.json'), '{"a": 1}\n{"b": ');
    await assert.rejects(copy(fileDs(ls, 'Json', { fileName: 'broken.json' }), fileDs(ls, 'Json', { fileName: 'never.json' })), (e: unknown) => e instanceof ActivityFailure && /broken\.json.*line 2/.test(e.message) && /ErrorCode=UserErrorInvalidDataFormat/.test(e.message));
    await assert.rejects(copy(fileDs(ls, 'Json', { fileName: 'missing.json' }), fileDs(ls, 'Json', { fileName: 'never.json' })), /The file 'missing\.json' was not found/);
  });

  it('wildcards, recursive, modified window and PreserveHierarchy / MergeFiles', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    mkdirSync(path.join(dir, 'in', '2025', '01'), { recursive: true });
    mkdirSync(path.join(dir, 'in', '2025', '02'), { recursive: true });
    writeFileSync(path.join(dir, 'in', '2025', '01', 'a.jsonl'), '{"n":1}\n{"n":2}\n');
    writeFileSync(path.join(dir, 'in', '2025', '02', 'b.jsonl'), '{"n":3}\n');
    writeFileSync(path.join(dir, 'in', '2025', '02', 'skip.txt'), 'not json');
    writeFileSync(path.join(dir, 'in', 'top.jsonl'), '{"n":0}\n');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(path.join(dir, 'in', '2025', '01', 'a.jsonl'), old, old);
    const src = fileDs(ls, 'Json', { folderPath: 'in' });
    const preserve = await copy(src, fileDs(ls, 'Json', { folderPath: 'out' }), { source: { storeSettings: { recursive: true, wildcardFileName: '*.jsonl' } } });
    assert.equal(preserve.filesRead, 3);
    assert.equal(preserve.filesWritten, 3);
    assert.ok(existsSync(path.join(dir, 'out', '2025', '01', 'a.jsonl')) && existsSync(path.join(dir, 'out', 'top.jsonl')));
    const merged = await copy(src, fileDs(ls, 'Json', { folderPath: 'merged', fileName: 'all.json' }), { source: { storeSettings: { recursive: true, wildcardFolderPath: 'in/2025/*', wildcardFileName: '*.jsonl', modifiedDatetimeStart: '2024-01-01T00:00:00Z' } } });
    assert.equal(merged.filesRead, 1, 'only b.jsonl is in the window and the folder pattern');
    assert.deepEqual(readFileSync(path.join(dir, 'merged', 'all.json'), 'utf8').trim(), '{"n":3}');
    const flat = await copy(src, fileDs(ls, 'Json', { folderPath: 'flat' }), { source: { storeSettings: { recursive: false } } });
    assert.equal(flat.filesRead, 1, 'non-recursive: only the folder itself');
  });

  it('parallelCopies copies that many files at once, reports it, and stops at the first failing file', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    mkdirSync(path.join(dir, 'many'), { recursive: true });
    for (let f = 0; f < 12; f++) writeFileSync(path.join(dir, 'many', `part-${String(f).padStart(2, '0')}.jsonl`), Array.from({ length: 500 }, (_, i) => JSON.stringify({ f, i })).join('\n') + '\n');
    const src = fileDs(ls, 'Json', { folderPath: 'many' });
    const three = await copy(src, fileDs(ls, 'DelimitedText', { folderPath: 'csv' }, { columnDelimiter: ',', firstRowAsHeader: true }), { parallelCopies: 3 });
    assert.equal(three.usedParallelCopies, 3);
    assert.equal(three.executionDetails[0].usedParallelCopies, 3);
    assert.equal(three.filesRead, 12);
    assert.equal(three.filesWritten, 12);
    assert.equal(three.rowsCopied, 6_000);
    for (let f = 0; f < 12; f++) assert.equal(readFileSync(path.join(dir, 'csv', `part-${String(f).padStart(2, '0')}.txt`), 'utf8').trim().split(/\r?\n/).length, 501);
    const byDefault = await copy(src, fileDs(ls, 'Json', { folderPath: 'json' }));
    assert.equal(byDefault.usedParallelCopies, 4, 'the local default');
    const one = await copy(fileDs(ls, 'Json', { folderPath: 'many', fileName: 'part-00.jsonl' }), fileDs(ls, 'Json', { folderPath: 'single' }), { parallelCopies: 8 });
    assert.equal(one.usedParallelCopies, 1, 'never more than the files');
    writeFileSync(path.join(dir, 'many', 'part-05.jsonl'), '{"f":5,\n');
    await assert.rejects(copy(src, fileDs(ls, 'Json', { folderPath: 'again' }), { parallelCopies: 2 }), (e: unknown) => {
      assert.ok(e instanceof ActivityFailure);
      assert.match(e.message, /part-05\.jsonl/);
      const out = e.output as Record<string, any>;
      assert.ok(out.filesWritten < 12, `stops after the failure (${out.filesWritten} files written)`);
      return true;
    });
  });

  it('Binary copies bytes between Blob and local files and deletes sources when asked', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    writeFileSync(path.join(dir, 'bin', 'image.dat'), payload);
    const files = fileLs(dir);
    const blob = blobLs(azurite.connectionString);
    const out = await copy(fileDs(files, 'Binary', { folderPath: 'bin' }), fileDs(blob, 'Binary', { container: 'raw', folderPath: 'images' }), { source: { storeSettings: { recursive: true, deleteFilesAfterCompletion: true } } });
    assert.equal(out.filesRead, 1);
    assert.equal(out.filesWritten, 1);
    assert.equal(out.dataRead, payload.length);
    assert.equal(out.dataWritten, payload.length);
    assert.equal('rowsRead' in out, false);
    const got = await blobs.getContainerClient('raw').getBlobClient('images/image.dat').downloadToBuffer();
    assert.ok(got.equals(payload));
    assert.equal(existsSync(path.join(dir, 'bin', 'image.dat')), false);
  });

  it('Blob (JSON Lines, gzip) → Cosmos DB with a mapping, and Cosmos DB → Blob (CSV) with collectionReference', async () => {
    const landing = blobs.getContainerClient('landing');
    await landing.createIfNotExists();
    const partner = orders(250).map((o) => ({ orderRef: o.id, buyer: { id: o.customerId, city: o.city }, amount: String(o.total), items: o.lines }));
    await landing.getBlockBlobClient('partner/2025/orders-1.jsonl.gz').uploadData(gzipSync(partner.slice(0, 100).map((p) => JSON.stringify(p)).join('\n')));
    await landing.getBlockBlobClient('partner/2025/orders-2.jsonl.gz').uploadData(gzipSync(partner.slice(100).map((p) => JSON.stringify(p)).join('\n')));
    const { database } = await cosmosClient.databases.createIfNotExists({ id: 'retail' });
    const { container } = await database.containers.createIfNotExists({ id: 'orders', partitionKey: { paths: ['/customerId'] } });
    const cls = cosmosLs(cosmos.endpoint, cosmos.key, 'retail');
    const blob = blobLs(azurite.connectionString);
    const src = fileDs(blob, 'Json', { container: 'landing', folderPath: 'partner' }, { compression: { type: 'GZip' } });
    const mapping = {
      type: 'TabularTranslator',
      mappings: [
        { source: { path: "$['orderRef']" }, sink: { path: "$['id']" } },
        { source: { path: "$['buyer']['id']" }, sink: { path: "$['customerId']" } },
        { source: { path: "$['buyer']['city']" }, sink: { path: "$['city']" } },
        { source: { path: "$['amount']" }, sink: { path: "$['total']", type: 'Double' } },
        { source: { path: "$['items']" }, sink: { path: "$['lines']" } },
      ],
    };
    const inb = await copy(src, cosmosDs(cls, 'orders'), { source: { storeSettings: { recursive: true, wildcardFileName: '*.jsonl.gz' } }, sink: { writeBehavior: 'upsert' }, translator: mapping });
    assert.equal(inb.rowsRead, 250);
    assert.equal(inb.rowsCopied, 250);
    assert.equal(inb.filesRead, 2);
    assert.equal(inb.executionDetails[0].source.type, 'AzureBlobStorage');
    const { resources } = await container.items.query('SELECT * FROM c WHERE c.id = "order-000007"').fetchAll();
    assert.deepEqual({ id: resources[0].id, customerId: resources[0].customerId, total: resources[0].total }, { id: 'order-000007', customerId: 'cust-7', total: orders(8)[7].total });

    const out = await copy(cosmosDs(cls, 'orders'), fileDs(blob, 'DelimitedText', { container: 'exports', folderPath: 'lines', fileName: 'order-lines.csv' }, { firstRowAsHeader: true }), {
      source: { query: 'SELECT * FROM c' },
      translator: { type: 'TabularTranslator', collectionReference: "$['lines']", mappings: [{ source: { path: "$['id']" }, sink: { name: 'orderId' } }, { source: { path: "['sku']" }, sink: { name: 'sku' } }, { source: { path: "['qty']" }, sink: { name: 'qty' } }] },
    });
    assert.equal(out.rowsRead, 250);
    assert.equal(out.rowsCopied, 250);
    assert.equal(out.filesWritten, 1);
    const csvText = (await blobs.getContainerClient('exports').getBlobClient('lines/order-lines.csv').downloadToBuffer()).toString('utf8');
    const lines = csvText.trim().split('\r\n');
    assert.equal(lines[0], 'orderId,sku,qty');
    assert.equal(lines.length, 251);
    assert.ok(lines.includes('order-000007,SKU-7,4'));
  });

  it('Lookup, GetMetadata and Delete on Blob and Cosmos DB', async () => {
    const c = blobs.getContainerClient('meta');
    await c.createIfNotExists();
    await c.getBlockBlobClient('in/a.csv').uploadData(Buffer.from('x,y,z\n1,2,3\n4,5,6\n'));
    await c.getBlockBlobClient('in/sub/b.csv').uploadData(Buffer.from('x,y,z\n7,8,9\n'));
    const blob = blobLs(azurite.connectionString);
    const csvFile = fileDs(blob, 'DelimitedText', { container: 'meta', folderPath: 'in', fileName: 'a.csv' }, { firstRowAsHeader: true });
    const folder = fileDs(blob, 'DelimitedText', { container: 'meta', folderPath: 'in' }, { firstRowAsHeader: true });
    const io = testIo();
    assert.deepEqual(await services.lookup({ dataset: csvFile, source: {}, firstRowOnly: true }, io), { firstRow: { x: '1', y: '2', z: '3' }, effectiveIntegrationRuntime: 'AutoResolveIntegrationRuntime (Local)' });
    const all = (await services.lookup({ dataset: folder, source: { storeSettings: { recursive: true } }, firstRowOnly: false }, io)) as Record<string, any>;
    assert.equal(all.count, 3);
    const md = (await services.getMetadata({ dataset: csvFile, fieldList: ['exists', 'itemName', 'itemType', 'size', 'lastModified', 'contentMD5', 'columnCount', 'structure'] }, io)) as Record<string, any>;
    assert.equal(md.exists, true);
    assert.equal(md.itemName, 'a.csv');
    assert.equal(md.itemType, 'File');
    assert.equal(md.size, 18);
    assert.match(md.lastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(md.columnCount, 3);
    assert.deepEqual(md.structure, [{ name: 'x', type: 'String' }, { name: 'y', type: 'String' }, { name: 'z', type: 'String' }]);
    assert.equal(typeof md.contentMD5, 'string');
    const fmd = (await services.getMetadata({ dataset: folder, fieldList: ['childItems', 'itemType'] }, io)) as Record<string, any>;
    assert.deepEqual(fmd, { childItems: [{ name: 'sub', type: 'Folder' }, { name: 'a.csv', type: 'File' }], itemType: 'Folder' });
    const gone = fileDs(blob, 'DelimitedText', { container: 'meta', folderPath: 'in', fileName: 'nope.csv' });
    assert.deepEqual(await services.getMetadata({ dataset: gone, fieldList: ['exists'] }, io), { exists: false });
    await assert.rejects(services.getMetadata({ dataset: gone, fieldList: ['size'] }, io), /The required file 'in\/nope\.csv' is missing/);

    const logDir = tmp();
    const del = (await services.delete({ dataset: folder, recursive: true, typeProperties: { enableLogging: true, logStorageSettings: { linkedServiceName: { referenceName: 'Logs' }, path: 'deletes' } }, activityRunId: 'run-1', resolveLinkedService: () => fileLs(logDir, 'Logs') }, io)) as Record<string, any>;
    assert.equal(del.filesDeleted, 2);
    assert.equal(del.logPath, 'deletes/run-1/deletelog.csv');
    assert.match(readFileSync(path.join(logDir, 'deletes', 'run-1', 'deletelog.csv'), 'utf8'), /^Name,Category,Status,Error\r\nin\/a\.csv,File,Deleted,\r\n/);
    assert.deepEqual(await services.getMetadata({ dataset: folder, fieldList: ['exists'] }, io), { exists: false });

    const cls = cosmosLs(cosmos.endpoint, cosmos.key, 'retail');
    const { database } = await cosmosClient.databases.createIfNotExists({ id: 'retail' });
    const { container } = await database.containers.createIfNotExists({ id: 'lookups', partitionKey: { paths: ['/customerId'] } });
    await container.items.bulk(orders(20).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d }) as OperationInput));
    const lk = (await services.lookup({ dataset: cosmosDs(cls, 'lookups'), source: { query: "SELECT c.id FROM c WHERE c.city = 'Oslo'" }, firstRowOnly: false }, io)) as Record<string, any>;
    assert.equal(lk.count, orders(20).filter((o) => o.city === 'Oslo').length);
    assert.deepEqual(await services.getMetadata({ dataset: cosmosDs(cls, 'missing'), fieldList: ['exists'] }, io), { exists: false });
  });
});
