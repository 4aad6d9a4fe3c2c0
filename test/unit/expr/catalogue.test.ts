/** The function catalogue matches ADF's function reference, and every function has fixture cases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allFunctions, lookupFunction } from '../../../src/engine/expr';

/** The function tables of "Expressions and functions in Azure Data Factory and Azure Synapse Analytics". */
const DOCUMENTED: Record<string, string[]> = {
  string: ['concat', 'endsWith', 'guid', 'indexOf', 'lastIndexOf', 'replace', 'split', 'startsWith', 'substring', 'toLower', 'toUpper', 'trim'],
  collection: ['contains', 'empty', 'first', 'intersection', 'join', 'last', 'length', 'skip', 'take', 'union'],
  logical: ['and', 'equals', 'greater', 'greaterOrEquals', 'if', 'less', 'lessOrEquals', 'not', 'or'],
  conversion: ['array', 'base64', 'base64ToBinary', 'base64ToString', 'binary', 'bool', 'coalesce', 'createArray', 'dataUri', 'dataUriToBinary', 'dataUriToString', 'decodeBase64', 'decodeDataUri', 'decodeUriComponent', 'encodeUriComponent', 'float', 'int', 'json', 'string', 'uriComponent', 'uriComponentToBinary', 'uriComponentToString', 'xml', 'xpath'],
  math: ['add', 'div', 'max', 'min', 'mod', 'mul', 'rand', 'range', 'sub'],
  date: ['addDays', 'addHours', 'addMinutes', 'addSeconds', 'addToTime', 'convertFromUtc', 'convertTimeZone', 'convertToUtc', 'dayOfMonth', 'dayOfWeek', 'dayOfYear', 'formatDateTime', 'getFutureTime', 'getPastTime', 'startOfDay', 'startOfHour', 'startOfMonth', 'subtractFromTime', 'ticks', 'utcNow'],
  system: ['pipeline', 'variables', 'activity', 'item', 'trigger', 'triggerBody', 'triggerOutputs', 'dataset', 'linkedService'],
};

test('every documented function exists with its documented name and category', () => {
  for (const [category, names] of Object.entries(DOCUMENTED)) {
    for (const name of names) {
      const f = lookupFunction(name);
      assert.ok(f, `missing function ${name}`);
      assert.equal(f.name, name);
      assert.equal(f.category, category, name);
      assert.equal(lookupFunction(name.toUpperCase()), f, 'lookup is case-insensitive');
    }
  }
  const documented = new Set(Object.values(DOCUMENTED).flat());
  assert.deepEqual(allFunctions.map((f) => f.name).filter((n) => !documented.has(n)), [], 'no undocumented functions');
  assert.equal(new Set(allFunctions.map((f) => f.name.toLowerCase())).size, allFunctions.length, 'names are unique');
});

test('every function has a signature, documentation and arity', () => {
  for (const f of allFunctions) {
    assert.ok(f.signature.startsWith(`${f.name}(`), f.name);
    assert.ok(f.doc.length > 20, f.name);
    assert.ok(f.minArgs >= 0 && f.maxArgs >= f.minArgs, f.name);
  }
});

test('every function is exercised by the fixture cases, with success and error cases', () => {
  const dir = join(__dirname, '../../fixtures/expr');
  const text = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const lines = text.split('\n');
  for (const f of allFunctions) {
    const re = new RegExp(`(?<![\\w.])${f.name}\\s*\\(`, 'i');
    const uses = lines.filter((l) => !l.startsWith('//') && !l.startsWith('#') && re.test(l));
    assert.ok(uses.length >= 1, `${f.name} has no fixture case`);
  }
  const errorCases = lines.filter((l) => l.startsWith('// expect error:')).length;
  assert.ok(errorCases >= 100, `${errorCases} error cases`);
});
