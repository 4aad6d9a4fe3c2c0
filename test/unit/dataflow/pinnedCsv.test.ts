import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { csvDialect, pinnedScan, scanFunction, sniffSql, type SourceScan } from '../../../src/engine/dataflow/pushdown';

// Files whose dialect DuckDB's sniffer has to work out: line ends, no final line break, header-only, duplicate and
// empty header names, short rows, a quoted line break, '#' lines, junk lines before the header, unicode.
const FILES: Record<string, string> = {
  crlf: 'a,b\r\n1,2\r\n3,4\r\n',
  cr: 'a,b\r1,2\r3,4\r',
  noFinalBreak: 'a,b\n1,2\n3,4',
  headerOnly: 'a,b\n',
  headerOnlyNoBreak: 'a,b',
  duplicateHeader: 'a,a,\n1,2,3\n',
  ragged: 'a,b,c\n1,2\n3,4,5\n',
  quotedBreak: 'a,b\n"x\ny",2\n3,4\n',
  hashLines: '#c,d\n1,2\n#x,3\n',
  blankLines: 'a,b\n\n1,2\n\n3,4\n',
  junkFirst: 'title line\nextra\na,b,c\n1,2,3\n4,5,6\n',
  unicode: 'é,ü\n"ß,1",ж\n',
};

function scan(file: string, header: boolean, serial: boolean): SourceScan {
  const options = ['all_varchar = true', `header = ${header}`, "delim = ','", `quote = '"'`, "escape = '\\'", "nullstr = ''", "encoding = 'utf-8'", "compression = 'none'", 'null_padding = true', 'union_by_name = true'];
  if (serial) options.push('parallel = false', 'buffer_size = 2097152');
  return { format: 'DelimitedText', files: [file], fileCount: 1, bytes: 1, options, headerless: !header };
}

test('a CSV read with its sniffed dialect written into the call gives what DuckDB detects itself', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-pinned-'));
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const read = async (sql: string) => {
    try {
      const r = await conn.runAndReadAll(sql);
      return { columns: r.columnNames(), rows: r.getRowsJson() };
    } catch (e) {
      return { error: String((e as Error).message).split('\n')[0] };
    }
  };
  try {
    for (const [name, text] of Object.entries(FILES)) {
      const file = path.join(dir, `${name}.csv`);
      await fs.writeFile(file, text);
      for (const header of [true, false]) {
        for (const serial of [false, true]) {
          const s = scan(file, header, serial);
          const sniff = sniffSql(s)!;
          const pinned = pinnedScan(s, csvDialect((await conn.runAndReadAll(sniff)).getRowObjectsJson()[0] ?? {}));
          assert.ok(pinned.options.includes('auto_detect = false') && !pinned.options.includes('union_by_name = true'));
          assert.deepEqual(await read(`SELECT * FROM ${scanFunction(pinned)}`), await read(`SELECT * FROM ${scanFunction(s)}`), `${name}, header ${header}, serial ${serial}`);
        }
      }
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('only a one-file CSV scan without a file-name column is pinned', () => {
  const s = scan('/data/a.csv', true, false);
  assert.match(sniffSql(s)!, /^SELECT .* FROM sniff_csv\('\/data\/a\.csv', /);
  assert.doesNotMatch(sniffSql(s)!, /union_by_name/);
  assert.equal(sniffSql({ ...s, files: ['/data/a.csv', '/data/b.csv'] }), undefined);
  assert.equal(sniffSql({ ...s, fileColumn: { name: 'url', root: '/data' } }), undefined);
  assert.equal(sniffSql({ ...s, format: 'Json' }), undefined);
  const pinned = pinnedScan(s, { newLine: '\\r\\n', comment: '', skip: 2, columns: [{ name: 'a', type: 'VARCHAR' }] });
  assert.equal(sniffSql(pinned), undefined, 'a pinned scan is not sniffed again');
  assert.match(scanFunction(pinned), /auto_detect = false, skip = 2, comment = '', new_line = '\\r\\n', columns = \{'a': 'VARCHAR'\}\)$/);
  assert.equal(csvDialect({ NewLineDelimiter: '\\n', Comment: '(empty)', SkipRows: 0, Columns: [{ name: 'x', type: 'VARCHAR' }] }).comment, '');
});
