/**
 * Compression codecs through the copy engine on local folders: every codec ADF lets DelimitedText / Json / Binary /
 * Parquet datasets use, round trips, ADF's file names, multi-entry archives, compressionLevel, and clear errors.
 */
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { pack } from 'tar-stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDataServices } from '../../../src/engine/copy';
import type { DataServices, ResolvedDataset } from '../../../src/engine/contracts/types';
import { fileDs, fileLs, testIo } from './helpers';

let services: DataServices;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'adfw-codec-'));
const copy = (source: ResolvedDataset, sink: ResolvedDataset, tp: Record<string, unknown> = {}, io = testIo()) =>
  services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {}, ...tp }, source, sink }, io) as Promise<Record<string, any>>;

const rows = [
  { id: '1', name: 'Ana, "the" first', city: 'Lisbon' },
  { id: '2', name: 'Bruno\nNewline', city: 'Kraków' },
  { id: '3', name: 'Chiara', city: '東京' },
];
const csvText = 'id,name,city\r\n' + rows.map((r) => [r.id, r.name, r.city].map((v) => (/[,"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
const csvOpts = (codec?: string, level?: string) => ({ columnDelimiter: ',', quoteChar: '"', escapeChar: '"', firstRowAsHeader: true, ...(codec ? { compressionCodec: codec } : {}), ...(level ? { compressionLevel: level } : {}) });

function tarOf(entries: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, text] of Object.entries(entries)) p.entry({ name }, text);
  p.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
}

async function untar(buf: Buffer): Promise<Record<string, string>> {
  const { extract } = await import('tar-stream');
  const ex = extract();
  const out: Record<string, string> = {};
  const done = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      out[entry.header.name] = Buffer.concat(chunks).toString('utf8');
    }
  })();
  ex.end(buf);
  await done;
  return out;
}

/** Independent decoders of what the engine wrote (zlib, fflate, tar-stream, snappy, lz4-napi). */
async function decode(codec: string, buf: Buffer): Promise<Record<string, string>> {
  switch (codec) {
    case 'gzip':
      return { '': gunzipSync(buf).toString('utf8') };
    case 'deflate':
      return { '': inflateRawSync(buf).toString('utf8') };
    case 'ZipDeflate':
      return Object.fromEntries(Object.entries(unzipSync(buf)).map(([k, v]) => [k, Buffer.from(v).toString('utf8')]));
    case 'Tar':
      return untar(buf);
    case 'TarGzip':
      return untar(gunzipSync(buf));
    case 'snappy': {
      const { createUncompressStream } = await import('snappy');
      const d = createUncompressStream();
      const chunks: Buffer[] = [];
      const done = (async () => {
        for await (const c of d) chunks.push(c as Buffer);
      })();
      d.end(buf);
      await done;
      return { '': Buffer.concat(chunks).toString('utf8') };
    }
    case 'lz4':
      return { '': (await import('lz4-napi')).decompressFrameSync(buf).toString('utf8') };
    default:
      throw new Error(codec);
  }
}

const EXT: Record<string, string> = { gzip: '.gz', deflate: '.deflate', ZipDeflate: '.zip', Tar: '.tar', TarGzip: '.tar.gz', snappy: '.snappy', lz4: '.lz4' };

describe('compression codecs', () => {
  before(() => {
    services = createDataServices({ localCosmos: 'never' });
  });
  after(async () => {
    await services.dispose();
  });

  for (const codec of Object.keys(EXT)) {
    it(`DelimitedText ${codec}: written with ADF's extension, readable by the codec's own library, read back`, async () => {
      const dir = tmp();
      const ls = fileLs(dir);
      writeFileSync(path.join(dir, 'in.csv'), csvText);
      const src = fileDs(ls, 'DelimitedText', { fileName: 'in.csv' }, csvOpts());
      const out = fileDs(ls, 'DelimitedText', { folderPath: 'out' }, csvOpts(codec), 'CompressedCsv');
      const o = await copy(src, out);
      assert.equal(o.rowsCopied, 3);
      const files = readdirSync(path.join(dir, 'out'));
      assert.equal(files.length, 1);
      assert.equal(files[0], `in.csv${EXT[codec]}`);
      const decoded = await decode(codec, readFileSync(path.join(dir, 'out', files[0])));
      const entries = Object.entries(decoded);
      assert.equal(entries.length, 1);
      if (['ZipDeflate', 'Tar', 'TarGzip'].includes(codec)) assert.equal(entries[0][0], files[0].slice(0, -EXT[codec].length));
      assert.equal(entries[0][1], csvText);
      // And back through the engine: DelimitedText (codec) → Json.
      await copy(out, fileDs(ls, 'Json', { fileName: 'back.json' }));
      const back = readFileSync(path.join(dir, 'back.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(back, rows);
    });
  }

  it('Json with compression {type, level}: Fastest and Optimal both round trip; Optimal is not larger', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: i, text: `row ${i} ${'abc'.repeat(i % 17)}` }));
    writeFileSync(path.join(dir, 'in.json'), many.map((r) => JSON.stringify(r)).join('\n'));
    const src = fileDs(ls, 'Json', { fileName: 'in.json' });
    const sizes: Record<string, number> = {};
    for (const level of ['Fastest', 'Optimal']) {
      const out = fileDs(ls, 'Json', { fileName: `${level}.json.gz` }, { compression: { type: 'GZip', level } });
      await copy(src, out);
      const buf = readFileSync(path.join(dir, `${level}.json.gz`));
      sizes[level] = buf.length;
      assert.deepEqual(gunzipSync(buf).toString('utf8').trim().split('\n').map((l) => JSON.parse(l)), many);
    }
    assert.ok(sizes.Optimal <= sizes.Fastest, JSON.stringify(sizes));
  });

  it('bzip2 is read (file made by the bzip2 tool); writing bzip2 fails with a clear error', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    copyFileSync(path.join(__dirname, '../../fixtures/compression/people.csv.bz2'), path.join(dir, 'people.csv.bz2'));
    const src = fileDs(ls, 'DelimitedText', { fileName: 'people.csv.bz2' }, csvOpts('bzip2'));
    await copy(src, fileDs(ls, 'Json', { fileName: 'people.json' }));
    const back = readFileSync(path.join(dir, 'people.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(back, [
      { id: '1', name: 'Ana, first' },
      { id: '2', name: 'Bruno' },
      { id: '3', name: 'Chiara' },
    ]);
    await assert.rejects(copy(src, fileDs(ls, 'DelimitedText', { fileName: 'x.csv.bz2' }, csvOpts('bzip2'), 'Bz2Sink')), /Dataset 'Bz2Sink'.*'bzip2' can be read but not written/);
    assert.equal(existsSync(path.join(dir, 'x.csv.bz2')), false);
  });

  it('multi-entry zip and tar.gz archives yield every entry as a file (rows of all entries)', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    const a = 'id,name\r\n1,a1\r\n2,a2\r\n';
    const b = 'id,name\r\n3,b1\r\n';
    writeFileSync(path.join(dir, 'two.zip'), zipSync({ 'a.csv': strToU8(a), 'sub/b.csv': strToU8(b) }));
    writeFileSync(path.join(dir, 'two.tar.gz'), gzipSync(await tarOf({ 'a.csv': a, 'sub/b.csv': b })));
    for (const [file, codec] of [['two.zip', 'ZipDeflate'], ['two.tar.gz', 'TarGzip']]) {
      const o = await copy(fileDs(ls, 'DelimitedText', { fileName: file }, csvOpts(codec)), fileDs(ls, 'Json', { fileName: `${file}.json` }));
      assert.equal(o.rowsCopied, 3, file);
      const back = readFileSync(path.join(dir, `${file}.json`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(back.map((r) => r.name), ['a1', 'a2', 'b1'], file);
    }
  });

  it('Binary: a zip becomes its entries, in a folder named after the zip unless preserveZipFileNameAsFolder is false; gzip → Tar recompresses', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in', 'pack.zip'), zipSync({ 'a.txt': strToU8('alpha'), 'sub/b.txt': strToU8('beta') }));
    const src = fileDs(ls, 'Binary', { folderPath: 'in' }, { compression: { type: 'ZipDeflate' } });
    const o = await copy(src, fileDs(ls, 'Binary', { folderPath: 'kept' }));
    assert.equal(o.filesWritten, 2);
    assert.equal(readFileSync(path.join(dir, 'kept', 'pack', 'a.txt'), 'utf8'), 'alpha');
    assert.equal(readFileSync(path.join(dir, 'kept', 'pack', 'sub', 'b.txt'), 'utf8'), 'beta');
    await copy(src, fileDs(ls, 'Binary', { folderPath: 'flat' }), { source: { formatSettings: { type: 'BinaryReadSettings', compressionProperties: { type: 'ZipDeflateReadSettings', preserveZipFileNameAsFolder: false } } } });
    assert.equal(readFileSync(path.join(dir, 'flat', 'a.txt'), 'utf8'), 'alpha');
    assert.equal(readFileSync(path.join(dir, 'flat', 'sub', 'b.txt'), 'utf8'), 'beta');

    writeFileSync(path.join(dir, 'in2.txt.gz'), gzipSync('hello tar'));
    await copy(fileDs(ls, 'Binary', { fileName: 'in2.txt.gz' }, { compression: { type: 'GZip' } }), fileDs(ls, 'Binary', { folderPath: 'tarred' }, { compression: { type: 'Tar' } }));
    assert.deepEqual(readdirSync(path.join(dir, 'tarred')), ['in2.txt.tar']);
    assert.deepEqual(await untar(readFileSync(path.join(dir, 'tarred', 'in2.txt.tar'))), { 'in2.txt': 'hello tar' });
  });

  for (const codec of [undefined, 'snappy', 'gzip', 'lz4', 'zstd', 'none']) {
    it(`Parquet ${codec ?? '(no codec: snappy)'}: pages use the codec, DuckDB reads the file, the engine reads it back`, async () => {
      const dir = tmp();
      const ls = fileLs(dir);
      const data = Array.from({ length: 2500 }, (_, i) => ({ id: i, name: `n${i % 7}`, ok: i % 2 === 0 }));
      writeFileSync(path.join(dir, 'in.json'), data.map((r) => JSON.stringify(r)).join('\n'));
      const pq = fileDs(ls, 'Parquet', { fileName: 'out.parquet' }, codec ? { compressionCodec: codec } : {}, 'ParquetDs');
      await copy(fileDs(ls, 'Json', { fileName: 'in.json' }), pq);
      const file = path.join(dir, 'out.parquet');
      const { parquetMetadata } = await import('hyparquet');
      const bytes = readFileSync(file);
      const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const expected = { snappy: 'SNAPPY', gzip: 'GZIP', lz4: 'LZ4_RAW', zstd: 'ZSTD', none: 'UNCOMPRESSED' }[codec ?? 'snappy'];
      assert.equal(meta.row_groups[0].columns[0].meta_data?.codec, expected);
      const db = await DuckDBInstance.create(':memory:');
      const con = await db.connect();
      const r = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(id)::BIGINT AS s FROM read_parquet('${file.replace(/'/g, "''")}')`);
      assert.deepEqual(r.getRowObjectsJson(), [{ n: 2500, s: String((2499 * 2500) / 2) }]);
      con.closeSync();
      db.closeSync();
      await copy(pq, fileDs(ls, 'Json', { fileName: 'back.json' }));
      const back = readFileSync(path.join(dir, 'back.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(back, data);
    });
  }

  it('an unknown or unsupported codec fails naming the dataset, the codec and the supported list', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'in.csv'), csvText);
    await assert.rejects(copy(fileDs(ls, 'DelimitedText', { fileName: 'in.csv' }, csvOpts('lzo'), 'LzoCsv'), fileDs(ls, 'Json', { fileName: 'o.json' })), /Dataset 'LzoCsv' \(DelimitedText\): compression codec 'lzo' is not supported.*gzip, bzip2, deflate, ZipDeflate, Tar, TarGzip, snappy, lz4/);
    await assert.rejects(copy(fileDs(ls, 'DelimitedText', { fileName: 'in.csv' }, csvOpts()), fileDs(ls, 'Parquet', { fileName: 'o.parquet' }, { compressionCodec: 'brotli9' }, 'OddParquet')), /Dataset 'OddParquet' \(Parquet\): compression codec 'brotli9' is not supported.*none, snappy, gzip, lz4, zstd/);
    await assert.rejects(copy(fileDs(ls, 'DelimitedText', { fileName: 'in.csv' }, csvOpts('gzip'), 'NotGzip'), fileDs(ls, 'Json', { fileName: 'o2.json' })), /in\.csv.*(incorrect header|header check)/i);
  });
});
