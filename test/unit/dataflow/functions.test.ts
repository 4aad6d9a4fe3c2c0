import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileExpr, CompileError, FUNCTIONS, UNSUPPORTED, parseDataFlowExpression, type CompileScope } from '../../../src/engine/dataflow';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run(`CREATE TABLE t AS SELECT 'Hello World' AS s, 5 AS n, 2.5::DOUBLE AS d, DATE '2024-01-31' AS dt, TIMESTAMP '2024-01-31 10:20:30.123' AS ts, [3, 1, 2] AS arr, TRUE AS b, NULL::VARCHAR AS nul, '  pad  ' AS sp, 'a,b,,c' AS csv`);
  await conn.run(`CREATE TABLE agg AS SELECT * FROM (VALUES (1, 'a', 10.0::DOUBLE), (2, 'a', 20.0), (3, 'b', 30.0), (NULL, 'b', NULL)) v(x, g, y)`);
});
after(() => {
  conn.closeSync();
  instance.closeSync();
});

const rowCols = [
  { name: 's', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }, { name: 'd', type: 'DOUBLE' }, { name: 'dt', type: 'DATE' }, { name: 'ts', type: 'TIMESTAMP' },
  { name: 'arr', type: 'INTEGER[]' }, { name: 'b', type: 'BOOLEAN' }, { name: 'nul', type: 'VARCHAR' }, { name: 'sp', type: 'VARCHAR' }, { name: 'csv', type: 'VARCHAR' },
];
const aggCols = [{ name: 'x', type: 'INTEGER' }, { name: 'g', type: 'VARCHAR' }, { name: 'y', type: 'DOUBLE' }];
const now = new Date('2024-05-01T12:00:00Z');

async function evalOn(table: 't' | 'agg', text: string, windowSpec?: string): Promise<unknown[]> {
  const parsed = parseDataFlowExpression(text);
  assert.deepEqual(parsed.errors, [], text);
  const scope: CompileScope = { columns: table === 't' ? rowCols : aggCols, params: { p: { sql: "'param'", type: 'VARCHAR' } }, now, windowSpec };
  const c = compileExpr(parsed.expr!, scope);
  const r = await conn.runAndReadAll(`SELECT ${c.sql} AS v FROM ${table}${windowSpec ? ' ORDER BY x NULLS LAST' : ''}`);
  return r.getRowObjectsJson().map((x) => (x as { v: unknown }).v);
}
const one = async (text: string) => (await evalOn('t', text))[0];

/** [function, expression, expected]: scalar functions on the one-row table t. */
const SCALAR: [string, string, unknown][] = [
  ['iif', "iif(n > 3, 'big', 'small')", 'big'], ['iifNull', "iifNull(nul, 'dflt')", 'dflt'], ['case', "case(n == 1, 'one', n == 5, 'five', 'other')", 'five'],
  ['coalesce', "coalesce(nul, s)", 'Hello World'], ['isNull', 'isNull(nul)', true], ['and', 'and(b, n > 1)', true], ['or', 'or(false(), n > 10)', false],
  ['not', 'not(b)', false], ['xor', 'xor(true(), false())', true], ['equals', 'equals(n, 5)', true], ['notEquals', 'notEquals(n, 5)', false],
  ['equalsIgnoreCase', "equalsIgnoreCase(s, 'hello world')", true], ['greater', 'greater(n, 4)', true], ['greaterOrEqual', 'greaterOrEqual(n, 5)', true],
  ['lesser', 'lesser(n, 5)', false], ['lesserOrEqual', 'lesserOrEqual(n, 5)', true], ['between', 'between(n, 1, 10)', true], ['greatest', 'greatest(1, n, 3)', 5],
  ['least', 'least(7, n, 9)', 5], ['true', 'true()', true], ['false', 'false()', false], ['null', 'isNull(null())', true], ['in', "in([1, 5, 7], n)", true],
  ['isNan', 'isNan(d)', false], ['add', 'add(n, 2)', 7], ['minus', 'minus(n, 2)', 3], ['multiply', 'multiply(n, 2)', 10], ['divide', 'divide(n, 2)', 2.5],
  ['mod', 'mod(n, 3)', 2], ['pMod', 'pMod(-7, 3)', 2], ['negate', 'negate(n)', -5], ['abs', 'abs(-3)', 3], ['ceil', 'ceil(d)', 3], ['floor', 'floor(d)', 2],
  ['round', 'round(2.567, 2)', 2.57], ['power', 'power(2, 3)', 8], ['sqrt', 'sqrt(16)', 4], ['cbrt', 'cbrt(27)', 3], ['log', 'round(log(100, 10), 6)', 2],
  ['log10', 'log10(1000)', 3], ['factorial', 'factorial(5)', '120'], ['sin', 'sin(0)', 0], ['cos', 'cos(0)', 1], ['tan', 'tan(0)', 0], ['asin', 'asin(0)', 0],
  ['acos', 'acos(1)', 0], ['atan', 'atan(0)', 0], ['atan2', 'atan2(0, 1)', 0], ['sinh', 'sinh(0)', 0], ['cosh', 'cosh(0)', 1], ['tanh', 'tanh(0)', 0],
  ['degrees', 'round(degrees(3.141592653589793), 6)', 180], ['radians', 'round(radians(180), 6)', 3.141593], ['random', 'random() < 1.0', true],
  ['bitwiseAnd', 'bitwiseAnd(6, 3)', 2], ['bitwiseOr', 'bitwiseOr(6, 3)', 7], ['bitwiseXor', 'bitwiseXor(6, 3)', 5],
  ['concat', "concat(s, '!', toString(n))", 'Hello World!5'], ['concatWS', "concatWS('-', 'a', 'b')", 'a-b'], ['length', 'length(s)', 11],
  ['lower', 'lower(s)', 'hello world'], ['upper', 'upper(s)', 'HELLO WORLD'], ['initCap', "initCap('hello wORLD')", 'Hello World'], ['trim', 'trim(sp)', 'pad'],
  ['ltrim', 'ltrim(sp)', 'pad  '], ['rtrim', 'rtrim(sp)', '  pad'], ['left', 'left(s, 5)', 'Hello'], ['right', 'right(s, 5)', 'World'],
  ['substring', 'substring(s, 7, 3)', 'Wor'], ['substringIndex', "substringIndex('a.b.c', '.', 2)", 'a.b'], ['instr', "instr(s, 'World')", 7],
  ['locate', "locate('o', s, 6)", 8], ['replace', "replace(s, 'World', 'There')", 'Hello There'], ['translate', "translate('abc', 'ab', 'xy')", 'xyc'],
  ['reverse', "reverse('abc')", 'cba'], ['lpad', "lpad('7', 3, '0')", '007'], ['rpad', "rpad('7', 3, '0')", '700'], ['startsWith', "startsWith(s, 'Hell')", true],
  ['endsWith', "endsWith(s, 'ld')", true], ['like', "like(s, 'Hel%')", true], ['rlike', "rlike(s, '^H.*d$')", true], ['regexMatch', "regexMatch(s, 'W.r')", true],
  ['regexExtract', "regexExtract('ab12cd', '([0-9]+)', 1)", '12'], ['regexReplace', "regexReplace('a1b22', '([0-9]+)', '<$1>')", 'a<1>b<22>'],
  ['regexSplit', "regexSplit('a1b22c', '[0-9]+')", ['a', 'b', 'c']], ['split', "split(csv, ',')", ['a', 'b', '', 'c']], ['levenshtein', "levenshtein('kitten', 'sitting')", '3'],
  ['jaroWinkler', "jaroWinkler('abc', 'abc')", 1], ['md5', "md5('abc')", '900150983cd24fb0d6963f7d28e17f72'], ['sha1', "sha1('abc')", 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ['sha2', "sha2(256, 'abc')", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'], ['ascii', "ascii('A')", 65], ['soundex', "concatWS(',', soundex('Robert'), soundex('Tymczak'), soundex('Pfister'), soundex('Ashcraft'))", 'R163,T522,P236,A261'], ['char', 'char(65)', 'A'],
  ['toBase64', "toBase64('abc')", 'YWJj'], ['fromBase64', "fromBase64('YWJj')", 'abc'], ['hex', "hex('A')", '41'], ['unhex', "toString(decode(unhex('41')))", 'A'],
  ['encode', "decode(encode('hé'))", 'hé'], ['decode', "decode(encode('x'))", 'x'], ['uuid', 'length(uuid())', 36], ['escape', "escape('a\"b', 'json')", 'a\\"b'],
  ['unescape', "unescape('a&lt;b', 'xml')", 'a<b'], ['dropLeft', "dropLeft('abcd', 1)", 'bcd'], ['dropRight', "dropRight('abcd', 1)", 'abc'],
  ['toString', "toString(dt, 'dd/MM/yyyy')", '31/01/2024'], ['toInteger', "toInteger('42')", 42], ['toLong', "toLong('42')", '42'], ['toShort', "toShort('42')", 42],
  ['toByte', "toByte('42')", 42], ['toDouble', "toDouble('2.5')", 2.5], ['toFloat', "toFloat('2.5')", 2.5], ['toBoolean', "toBoolean('yes')", true],
  ['toDate', "toDate('31/01/2024', 'dd/MM/yyyy')", '2024-01-31'], ['toTimestamp', "toTimestamp('2024-01-31 10:20:30', 'yyyy-MM-dd HH:mm:ss')", '2024-01-31 10:20:30'],
  ['toDecimal', "toDecimal('12.345', 10, 2)", '12.35'], ['toBinary', "toBase64(decode(toBinary('abc')))", 'YWJj'], ['toUTC', "toUTC(ts)", '2024-01-31 10:20:30.123'],
  ['fromUTC', "fromUTC(ts)", '2024-01-31 10:20:30.123'], ['isInteger', "isInteger('12')", true], ['isLong', "isLong('x')", false], ['isShort', "isShort('12')", true],
  ['isByte', "isByte('1000')", false], ['isDouble', "isDouble('1.5')", true], ['isFloat', "isFloat('1.5')", true], ['isDecimal', "isDecimal('1.5')", true],
  ['isBoolean', "isBoolean('true')", true], ['isDate', "isDate('2024-02-30')", false], ['isTimestamp', "isTimestamp('2024-01-01 10:00:00')", true],
  ['currentDate', 'currentDate()', '2024-05-01'], ['currentTimestamp', 'currentTimestamp()', '2024-05-01 12:00:00'], ['currentUTC', 'currentUTC()', '2024-05-01 12:00:00'],
  ['year', 'year(dt)', 2024], ['month', 'month(dt)', 1], ['dayOfMonth', 'dayOfMonth(dt)', 31], ['dayOfWeek', 'dayOfWeek(dt)', 4], ['dayOfYear', 'dayOfYear(dt)', 31],
  ['weekOfYear', 'weekOfYear(dt)', 5], ['hour', 'hour(ts)', 10], ['minute', 'minute(ts)', 20], ['second', 'second(ts)', 30], ['millisecond', 'millisecond(ts)', 123],
  ['addDays', 'addDays(dt, 1)', '2024-02-01'], ['subDays', 'subDays(dt, 31)', '2023-12-31'], ['addMonths', 'addMonths(dt, 1)', '2024-02-29'],
  ['subMonths', 'subMonths(dt, 1)', '2023-12-31'], ['lastDayOfMonth', "lastDayOfMonth(toDate('2024-02-10'))", '2024-02-29'],
  ['monthsBetween', "monthsBetween(toDate('2024-03-01'), toDate('2024-01-01'))", 2], ['days', 'toString(ts + days(1))', '2024-02-01 10:20:30.123'],
  ['hours', 'toString(ts + hours(2))', '2024-01-31 12:20:30.123'], ['minutes', 'toString(ts + minutes(1))', '2024-01-31 10:21:30.123'],
  ['seconds', 'toString(ts + seconds(30))', '2024-01-31 10:21:00.123'], ['milliseconds', 'toString(ts + milliseconds(877))', '2024-01-31 10:20:31'],
  ['weeks', 'toString(dt + weeks(1))', '2024-02-07 00:00:00'], ['array', 'array(1, 2)', [1, 2]], ['size', 'size(arr)', 3], ['at', 'at(arr, 1)', 3],
  ['contains', 'contains(arr, #item > 2)', true], ['map', 'map(arr, #item * 10)', [30, 10, 20]], ['mapIndex', 'mapIndex(arr, #item + #index)', [4, 3, 5]],
  ['mapIf', 'mapIf(arr, #item > 1, #item * 2)', [6, 4]], ['mapLoop', 'mapLoop(3, #index * 2)', ['2', '4', '6']], ['filter', 'filter(arr, #item > 1)', [3, 2]],
  ['find', 'find(arr, #item < 3)', 1], ['reduce', 'reduce(arr, 0, #acc + #item, #result * 2)', 12], ['sort', 'sort(arr, compare(#item1, #item2))', [1, 2, 3]],
  ['compare', 'compare(1, 2)', -1], ['distinct', 'distinct([1, 1, 2])', [1, 2]], ['except', 'except([1, 2, 3], [2])', [1, 3]], ['intersect', 'size(intersect([1, 2, 3], [2, 3, 4]))', 2],
  ['union', 'size(union([1, 2], [2, 3]))', 3], ['flatten', 'flatten([[1, 2], [3]])', [1, 2, 3]], ['slice', 'slice([1, 2, 3, 4], 2, 2)', [2, 3]],
  ['keyValues', "keyValues(['a', 'b'], ['1', '2'])['b']", '2'], ['associate', "associate('k', 'v')['k']", 'v'], ['byName', "byName('S')", 'Hello World'],
  ['byPosition', 'byPosition(2)', 5], ['hasColumn', "hasColumn('n')", true], ['columnNames', 'size(columnNames())', 10], ['columns', 'columns()[2]', '5'],
  ['partitionId', 'partitionId()', 0], ['typeMatch', "typeMatch('integer', 'number')", true], ['isInsert', 'isInsert()', true], ['isUpdate', 'isUpdate()', false],
  ['isUpsert', 'isUpsert()', false], ['isDelete', 'isDelete()', false], ['isIgnore', 'isIgnore()', false], ['isError', 'isError()', false], ['hasError', 'hasError()', false],
  ['isMatch', 'isMatch()', true],
];

/** Aggregates over agg (x: 1, 2, 3, NULL; y: 10, 20, 30, NULL). */
const AGGREGATE: [string, string, unknown][] = [
  ['count', 'count(x)', '3'], ['countAll', 'countAll(x)', '4'], ['countIf', 'countIf(x > 1)', '2'], ['countDistinct', "countDistinct(g)", '2'],
  ['countAllDistinct', 'countAllDistinct(g)', '2'], ['approxDistinctCount', 'approxDistinctCount(g)', '2'], ['sum', 'sum(x)', '6'], ['sumIf', 'sumIf(x > 1, x)', '5'],
  ['sumDistinct', 'sumDistinct(y)', 60], ['sumDistinctIf', 'sumDistinctIf(x > 1, y)', 50], ['avg', 'avg(x)', 2], ['avgIf', "avgIf(g == 'a', y)", 15], ['mean', 'mean(y)', 20],
  ['meanIf', "meanIf(g == 'b', y)", 30], ['min', 'min(x)', 1], ['minIf', 'minIf(x > 1, x)', 2], ['max', 'max(y)', 30], ['maxIf', "maxIf(g == 'a', y)", 20],
  ['first', 'first(g)', 'a'], ['last', 'last(g)', 'b'], ['collect', 'size(collect(x))', 3], ['collectUnique', 'size(collectUnique(g))', 2],
  ['stddev', 'stddev(y)', 10], ['stddevIf', "stddevIf(g == 'a', y)", 7.0710678118654755], ['stddevSample', 'stddevSample(y)', 10], ['stddevSampleIf', 'stddevSampleIf(x < 3, y)', 7.0710678118654755],
  ['stddevPopulation', 'round(stddevPopulation(y), 6)', 8.164966], ['stddevPopulationIf', "stddevPopulationIf(g == 'a', y)", 5], ['variance', 'variance(y)', 100],
  ['varianceIf', "varianceIf(g == 'a', y)", 50], ['varianceSample', 'varianceSample(y)', 100], ['varianceSampleIf', 'varianceSampleIf(x < 3, y)', 50],
  ['variancePopulation', 'round(variancePopulation(y), 6)', 66.666667], ['variancePopulationIf', "variancePopulationIf(g == 'a', y)", 25],
  ['covariancePopulation', 'round(covariancePopulation(x, y), 6)', 6.666667], ['covariancePopulationIf', 'covariancePopulationIf(x < 3, x, y)', 2.5],
  ['covarianceSample', 'covarianceSample(x, y)', 10], ['covarianceSampleIf', 'covarianceSampleIf(x < 3, x, y)', 5], ['kurtosis', 'isNull(kurtosis(y))', false],
  ['kurtosisIf', 'isNull(kurtosisIf(x > 0, y))', false], ['skewness', 'skewness(y)', 0], ['skewnessIf', 'skewnessIf(x > 0, y)', 0], ['isDistinct', 'isDistinct(x, y)', true],
];

/** Window functions over agg ordered by x (NULL last). */
const WINDOW: [string, string, unknown[]][] = [
  ['rowNumber', 'rowNumber()', ['1', '2', '3', '4']], ['rank', 'rank()', ['1', '2', '3', '4']], ['denseRank', 'denseRank()', ['1', '2', '3', '4']],
  ['cumeDist', 'cumeDist()', [0.25, 0.5, 0.75, 1]], ['percentRank', 'round(percentRank(), 4)', [0, 0.3333, 0.6667, 1]], ['nTile', 'nTile(2)', ['1', '1', '2', '2']],
  ['lag', 'lag(x, 1, 0)', [0, 1, 2, 3]], ['lead', 'lead(x)', [2, 3, null, null]],
];

function close(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' && (typeof actual === 'number' || typeof actual === 'string')) return Math.abs(Number(actual) - expected) < 1e-9;
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.length === expected.length && actual.every((a, i) => close(a, expected[i]));
  return JSON.stringify(actual) === JSON.stringify(expected);
}

test('every supported function has a case here (scalar, aggregate or window)', () => {
  const covered = new Set([...SCALAR, ...AGGREGATE, ...WINDOW].map((c) => c[0]));
  const missing = Object.keys(FUNCTIONS).filter((f) => !covered.has(f));
  assert.deepEqual(missing, [], `functions without a test case: ${missing.join(', ')}`);
});

test('scalar functions compute ADF results on DuckDB', async () => {
  const bad: string[] = [];
  for (const [name, expr, expected] of SCALAR) {
    try {
      const v = await one(expr);
      if (!close(v, expected)) bad.push(`${name}: ${expr} = ${JSON.stringify(v)}, expected ${JSON.stringify(expected)}`);
    } catch (e) {
      bad.push(`${name}: ${expr} threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('aggregate functions', async () => {
  const bad: string[] = [];
  for (const [name, expr, expected] of AGGREGATE) {
    try {
      const v = (await evalOn('agg', expr)).slice(0, 1)[0];
      if (!close(v, expected)) bad.push(`${name}: ${expr} = ${JSON.stringify(v)}, expected ${JSON.stringify(expected)}`);
    } catch (e) {
      bad.push(`${name}: ${expr} threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('window functions', async () => {
  const bad: string[] = [];
  for (const [name, expr, expected] of WINDOW) {
    try {
      const v = await evalOn('agg', expr, '(ORDER BY x NULLS LAST)');
      if (!close(v, expected)) bad.push(`${name}: ${expr} = ${JSON.stringify(v)}, expected ${JSON.stringify(expected)}`);
    } catch (e) {
      bad.push(`${name}: ${expr} threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('every rejected function is named in a clear error', () => {
  for (const name of Object.keys(UNSUPPORTED)) {
    const parsed = parseDataFlowExpression(`${name}(s)`);
    assert.throws(
      () => compileExpr(parsed.expr!, { columns: rowCols, params: {}, now }),
      (e: unknown) => e instanceof CompileError && e.message.startsWith(`Function ${name}() is not supported by the local data flow engine`),
      name,
    );
  }
  assert.throws(() => compileExpr(parseDataFlowExpression('rowNumber()').expr!, { columns: rowCols, params: {}, now }), /rowNumber\(\) is a window function/);
});

test('byName with a name computed per row picks the column at run time', async () => {
  assert.equal(await one("byName(concat('', 's'))"), 'Hello World');
  assert.equal(await one("byName(iif(n > 1, 'N', 's'))"), '5');
  assert.equal(await one("byName('nope')"), null);
});
