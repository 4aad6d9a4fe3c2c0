import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fastPathDecision } from '../../../src/engine/copy/fastPath';
import type { CopyRequest, ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';

const local: ResolvedLinkedService = { name: 'Files', type: 'FileServer', typeProperties: { host: 'data' }, secrets: [] };
const blob: ResolvedLinkedService = { name: 'Blob', type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' }, secrets: [] };
const ds = (type: string, extra: Record<string, unknown> = {}, ls = local): ResolvedDataset => ({ name: `${type}Set`, type, typeProperties: { location: { type: 'FileServerLocation', fileName: 'f' }, ...extra }, parameters: {}, linkedService: ls });
const csv = (extra: Record<string, unknown> = {}, ls = local) => ds('DelimitedText', { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '\\', ...extra }, ls);
const req = (source: ResolvedDataset, sink: ResolvedDataset, tp: Record<string, unknown> = {}): CopyRequest => ({ activityName: 'C', typeProperties: { source: {}, sink: {}, ...tp }, source, sink });
const reason = (r: CopyRequest) => {
  const d = fastPathDecision(r);
  return d.fast ? undefined : d.reason;
};

describe('fastPathDecision', () => {
  it('takes file → file copies between DelimitedText, Json and Parquet on local folders', () => {
    for (const source of [csv(), ds('Json'), ds('Parquet'), ds('Parquet', { compressionCodec: 'zstd' }), csv({ compressionCodec: 'gzip' })]) {
      for (const sink of [csv(), ds('Parquet'), ds('Parquet', { compressionCodec: 'lz4' }), ds('Parquet', { compressionCodec: 'none' })]) {
        assert.deepEqual(fastPathDecision(req(source, sink)), { fast: true }, `${source.type} → ${sink.type}`);
      }
    }
  });
  it('takes Blob storage and ADLS Gen2 on either side (staged through temporary local files)', () => {
    const gen2: ResolvedLinkedService = { ...blob, name: 'Gen2', type: 'AzureBlobFS' };
    for (const [source, sink] of [[ds('Json', {}, blob), csv()], [csv(), ds('Parquet', {}, gen2)], [ds('Parquet', {}, gen2), csv({}, blob)]]) {
      assert.deepEqual(fastPathDecision(req(source, sink)), { fast: true }, `${source.linkedService.type} → ${sink.linkedService.type}`);
    }
  });
  it('takes mappings by name, String types and typeConversion off', () => {
    const translator = { type: 'TabularTranslator', mappings: [{ source: { name: 'a' }, sink: { name: 'x' } }, { source: { name: 'b', type: 'String' }, sink: { name: 'y' } }] };
    assert.equal(reason(req(csv(), ds('Parquet'), { translator })), undefined);
    const typed = { type: 'TabularTranslator', typeConversion: false, mappings: [{ source: { name: 'a' }, sink: { name: 'x', type: 'Int32' } }] };
    assert.equal(reason(req(csv(), ds('Parquet'), { translator: typed })), undefined);
  });
  it('says why a copy takes the row path', () => {
    assert.match(reason(req(ds('Avro'), csv()))!, /source dataset is Avro/);
    assert.match(reason(req(csv(), ds('Json')))!, /sink dataset is Json/);
    const sftp: ResolvedLinkedService = { name: 'Sftp', type: 'Sftp', typeProperties: {}, secrets: [] };
    assert.match(reason(req(csv(), ds('Parquet', {}, sftp)))!, /sink is on Sftp; the fast path reaches local folders, and Blob storage and ADLS Gen2 through temporary local files/);
    assert.match(reason(req(ds('Json', {}, sftp), csv()))!, /source is on Sftp/);
    assert.match(reason(req(csv({ compressionCodec: 'bzip2' }), csv()))!, /compressed with bzip2/);
    assert.match(reason(req(csv(), csv({ compressionCodec: 'gzip' })))!, /sink is compressed with gzip/);
    assert.match(reason(req(csv({ compressionCodec: 'brotli' }), csv()))!, /compression codec 'brotli' is not supported/);
    assert.match(reason(req(csv({ encodingName: 'UTF-16' }), csv()))!, /source encoding is UTF-16/);
    assert.match(reason(req(csv(), csv({ encodingName: 'ISO-8859-1' })))!, /sink encoding is ISO-8859-1/);
    assert.match(reason(req(csv({ rowDelimiter: '\n' }), csv()))!, /rowDelimiter/);
    assert.match(reason(req(csv(), csv({ rowDelimiter: ';' })))!, /row delimiter/);
    assert.match(reason(req(csv({ columnDelimiter: '||' }), csv()))!, /delimiter '\|\|' is not one character/);
    assert.match(reason(req(csv({ quoteChar: '' }), csv()))!, /no quote character/);
    assert.match(reason(req(csv({ escapeChar: '' }), csv()))!, /no escape character/);
    const typed = { mappings: [{ source: { name: 'a' }, sink: { name: 'a', type: 'Int64' } }] };
    assert.match(reason(req(csv(), ds('Parquet'), { translator: typed }))!, /column 'a' is converted to Int64/);
    assert.match(reason(req(ds('Json'), csv(), { translator: { mappings: [{ source: { path: '$.a.b' }, sink: { name: 'b' } }] } }))!, /JSON path/);
    assert.match(reason(req(ds('Json'), csv(), { translator: { collectionReference: '$.items', mappings: [{ source: { name: 'a' }, sink: { name: 'b' } }] } }))!, /collectionReference/);
    const twice = { mappings: [{ source: { name: 'a' }, sink: { name: 'x' } }, { source: { name: 'b' }, sink: { name: 'x' } }] };
    assert.match(reason(req(csv(), csv(), { translator: twice }))!, /'x' is mapped twice/);
  });
});
