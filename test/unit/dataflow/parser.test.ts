import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript, parseDataFlowExpression, printScript, stripSpans, lineColumn, compileExpr, CompileError } from '../../../src/engine/dataflow';

test('parses inputs, options, branches and parameters', () => {
  const s = parseScript("parameters{\n\tp as string ('x')\n}\nsource(output(a as integer, {b c} as decimal(10,2)[]), allowSchemaDrift: true) ~> src\nsrc split(a > 1, disjoint: false) ~> sp@(hi, lo)\nsp@hi derive(c = $p + toString(a)) ~> d");
  assert.deepEqual(s.errors, []);
  assert.equal(s.statements.length, 4);
  const split = s.statements[2];
  assert.equal(split.kind === 'transform' && split.branches?.join(','), 'hi,lo');
  const d = s.statements[3];
  assert.equal(d.kind === 'transform' && d.inputs[0].branch, 'hi');
});

test('round trip: printing and parsing again gives the same tree', () => {
  const text = "a, b join(a@id == b@id && !isNull(a@x) || -1 < 2 * (3 + 4), joinType: 'left') ~> j\nj derive(m := 1, x = :m + #item, y = @(k = 1), z = ['a' -> 'b'], w = `re$`) ~> d";
  const s = parseScript(text);
  assert.deepEqual(s.errors, []);
  const again = parseScript(printScript(s));
  assert.deepEqual(stripSpans(again.statements), stripSpans(s.statements));
});

test('syntax errors carry line and column and parsing resumes at the next statement', () => {
  const text = 'source(output(a as integer)) ~> s\ns derive(x = (1 + ) ~> bad\ns filter(a > 1) ~> ok';
  const s = parseScript(text);
  assert.equal(s.errors.length, 1);
  const { line, column } = lineColumn(text, s.errors[0].offset);
  assert.equal(line, 2);
  assert.equal(column, 19);
  assert.match(s.errors[0].message, /Expected a value/);
  assert.ok(s.statements.some((x) => x.kind === 'transform' && x.name === 'ok'));
});

test('unterminated strings are reported, not thrown', () => {
  const s = parseScript("s derive(x = 'abc) ~> d");
  assert.ok(s.errors.some((e) => /Unterminated string/.test(e.message)));
});

const scope = { columns: [{ name: 'a', type: 'INTEGER' }, { name: 's', type: 'VARCHAR' }, { name: 'd', type: 'DATE' }], params: {}, now: new Date('2024-05-01T10:00:00Z') };
const sql = (text: string) => compileExpr(parseDataFlowExpression(text).expr!, scope);

test('compiles operators with ADF typing: + concatenates strings, adds days to dates', () => {
  assert.equal(sql("s + 'x'").type, 'VARCHAR');
  assert.match(sql("s + 'x'").sql, /\|\|/);
  assert.equal(sql('d + 1').type, 'DATE');
  assert.equal(sql('a + 1').type, 'INTEGER');
  assert.equal(sql('a / 2').type, 'DOUBLE');
});

test('rejects unsupported functions by name, with the reason, and unknown functions with a suggestion', () => {
  assert.throws(() => sql('crc32(s)'), (e: unknown) => e instanceof CompileError && /crc32\(\) is not supported by the local data flow engine: DuckDB has no CRC-32/.test(e.message));
  assert.throws(() => sql('touppercase(s)'), (e: unknown) => e instanceof CompileError && /Unknown function touppercase\(\)/.test(e.message));
  assert.throws(() => sql('tointeger(s)'), (e: unknown) => e instanceof CompileError && /did you mean toInteger\(\)/.test(e.message));
  assert.throws(() => sql('left(s)'), (e: unknown) => e instanceof CompileError && /takes 2 arguments; got 1/.test(e.message));
  assert.throws(() => sql('nope + 1'), (e: unknown) => e instanceof CompileError && /Column "nope" not found/.test(e.message));
});
