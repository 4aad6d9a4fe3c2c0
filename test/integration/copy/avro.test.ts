/**
 * Avro datasets through the copy engine on local folders (avsc), with every block codec the local engine writes,
 * typed columns from a mapping, and the clear errors for an unsupported codec and for ORC.
 */
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as avro from 'avsc';
import { createDataServices } from '../../../src/engine/copy';
import type { DataServices, ResolvedDataset } from '../../../src/engine/contracts/types';
import { fileDs, fileLs, testIo } from './helpers';

let services: DataServices;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'adfw-avro-'));
const copy = (source: ResolvedDataset, sink: ResolvedDataset, tp: Record<string, unknown> = {}) =>
  services.copy({ activityName: 'Copy', typeProperties: { source: {}, sink: {}, ...tp }, source, sink }, testIo()) as Promise<Record<string, any>>;

/** Records of an Avro file decoded by avsc on its own (independent of the engine). */
function decodeFile(file: string): Promise<{ schema: any; records: any[] }> {
  return new Promise((resolve, reject) => {
    const records: any[] = [];
    let schema: any;
    avro
      .createFileDecoder(file)
      .on('metadata', (t: any) => (schema = t.schema()))
      .on('data', (r: any) => records.push({ ...r }))
      .on('end', () => resolve({ schema, records }))
      .on('error', reject);
  });
}

const data = [
  { id: 1, name: 'Ana "quoted"', score: 10.5, ok: true, 'odd name': 'x' },
  { id: 2, name: 'Bruno\nNewline', score: null, ok: false, 'odd name': 'y' },
  { id: 3, name: '東京', score: -3.25, ok: true, 'odd name': null },
];

describe('Avro datasets', () => {
  before(() => {
    services = createDataServices({ localCosmos: 'never' });
  });
  after(async () => {
    await services.dispose();
  });

  for (const codec of [undefined, 'deflate', 'snappy']) {
    it(`Json → Avro (${codec ?? 'no codec'}) → Json round trip; avsc decodes the file on its own`, async () => {
      const dir = tmp();
      const ls = fileLs(dir);
      writeFileSync(path.join(dir, 'in.json'), data.map((r) => JSON.stringify(r)).join('\n'));
      const av = fileDs(ls, 'Avro', { folderPath: 'out' }, codec ? { avroCompressionCodec: codec } : {}, 'AvroDs');
      const o = await copy(fileDs(ls, 'Json', { fileName: 'in.json' }), av);
      assert.equal(o.rowsCopied, 3);
      const files = readdirSync(path.join(dir, 'out'));
      assert.deepEqual(files, ['in.avro']);
      const file = path.join(dir, 'out', 'in.avro');
      assert.equal(readFileSync(file).subarray(0, 4).toString('latin1'), 'Obj\u0001');
      if (codec !== 'snappy') {
        const { schema, records } = await decodeFile(file);
        assert.deepEqual(schema.fields.map((f: any) => [f.name, f.type]), [['id', ['null', 'double']], ['name', ['null', 'string']], ['score', ['null', 'double']], ['ok', ['null', 'boolean']], ['odd_name', ['null', 'string']]]);
        assert.equal(records.length, 3);
        assert.equal(records[1].name, 'Bruno\nNewline');
      }
      await copy(av, fileDs(ls, 'Json', { fileName: 'back.json' }));
      const back = readFileSync(path.join(dir, 'back.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(back, data.map(({ 'odd name': odd, ...r }) => ({ ...r, odd_name: odd })));
    });
  }

  it('a mapping with interim types gives typed Avro columns (Int32, Int64, Boolean, String)', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'in.csv'), 'a,b,c,d\r\n1,9007199254740993,true,x\r\n2,5,false,\r\n');
    const src = fileDs(ls, 'DelimitedText', { fileName: 'in.csv' }, { columnDelimiter: ',', firstRowAsHeader: true });
    const translator = {
      type: 'TabularTranslator',
      mappings: [
        { source: { name: 'a', type: 'Int32' }, sink: { name: 'a', type: 'Int32' } },
        { source: { name: 'c', type: 'Boolean' }, sink: { name: 'c', type: 'Boolean' } },
        { source: { name: 'd', type: 'String' }, sink: { name: 'd', type: 'String' } },
      ],
    };
    await copy(src, fileDs(ls, 'Avro', { fileName: 'typed.avro' }), { translator });
    const { schema, records } = await decodeFile(path.join(dir, 'typed.avro'));
    assert.deepEqual(schema.fields.map((f: any) => [f.name, f.type]), [['a', ['null', 'int']], ['c', ['null', 'boolean']], ['d', ['null', 'string']]]);
    assert.deepEqual(records.map((r) => [r.a, r.c]), [[1, true], [2, false]]);
  });

  it('an unsupported Avro codec and an ORC dataset fail with clear errors', async () => {
    const dir = tmp();
    const ls = fileLs(dir);
    writeFileSync(path.join(dir, 'in.json'), '{"a":1}\n');
    await assert.rejects(copy(fileDs(ls, 'Json', { fileName: 'in.json' }), fileDs(ls, 'Avro', { fileName: 'o.avro' }, { avroCompressionCodec: 'xz' }, 'XzAvro')), /Dataset 'XzAvro' \(Avro\): avroCompressionCodec 'xz' is not supported.*none, deflate, snappy/);
    await assert.rejects(copy(fileDs(ls, 'Orc', { fileName: 'in.orc' }, {}, 'OrcDs'), fileDs(ls, 'Json', { fileName: 'o.json' })), /'OrcDs'.*ORC cannot be read or written locally/);
    writeFileSync(path.join(dir, 'bad.avro'), 'not avro at all');
    await assert.rejects(copy(fileDs(ls, 'Avro', { fileName: 'bad.avro' }), fileDs(ls, 'Json', { fileName: 'o2.json' })), /bad\.avro.*not a readable Avro file/);
  });
});
