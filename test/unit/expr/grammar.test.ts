/**
 * The TextMate injection grammar for expressions in JSON strings, run by the real TextMate engine
 * (vscode-textmate + vscode-oniguruma) over a JSON host grammar with VS Code's scope names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = join(__dirname, '../../..');
const injectionPath = join(root, 'syntaxes/adf-expression.injection.tmLanguage.json');
const injection = JSON.parse(readFileSync(injectionPath, 'utf8'));
const hostJson = readFileSync(join(root, 'test/fixtures/expr/grammar/json.tmLanguage.json'), 'utf8');

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

function grammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scope) => {
        if (scope === 'source.json') return vsctm.parseRawGrammar(hostJson, 'json.tmLanguage.json');
        if (scope === injection.scopeName) return vsctm.parseRawGrammar(readFileSync(injectionPath, 'utf8'), injectionPath);
        return null;
      },
      getInjections: (scope) => (scope === 'source.json' ? [injection.scopeName] : undefined),
    });
    const g = await registry.loadGrammar('source.json');
    assert.ok(g);
    return g;
  })();
  return grammarPromise;
}

/** Tokens of one line as [text, innermost scope] pairs. */
async function tokens(line: string): Promise<[string, string[]][]> {
  const g = await grammar();
  const r = g.tokenizeLine(line, vsctm.INITIAL);
  return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes]);
}

async function scopeOf(line: string, text: string, nth = 0): Promise<string> {
  const all = await tokens(line);
  const hits = all.filter(([t]) => t === text);
  assert.ok(hits[nth], `token ${JSON.stringify(text)} not found in ${JSON.stringify(all.map(([t]) => t))}`);
  return hits[nth][1][hits[nth][1].length - 1];
}

test('the grammar declares the scope name and injection selector the extension registers', () => {
  assert.equal(injection.scopeName, 'source.adf-expression.injection');
  assert.equal(injection.injectionSelector, 'L:string.quoted.double.json');
});

test('a whole-value expression: functions, system variables, strings, numbers, properties', async () => {
  const line = `{"value": "@concat(pipeline().parameters.prefix, 'it''s', string(add(1, 2.5)), true)"}`;
  assert.equal(await scopeOf(line, '@'), 'keyword.operator.expression.adf-expression');
  assert.equal(await scopeOf(line, 'concat'), 'support.function.adf-expression');
  assert.equal(await scopeOf(line, 'pipeline'), 'variable.language.adf-expression');
  assert.equal(await scopeOf(line, 'parameters'), 'variable.other.property.adf-expression');
  assert.equal(await scopeOf(line, 'prefix'), 'variable.other.property.adf-expression');
  assert.equal(await scopeOf(line, "''"), 'constant.character.escape.adf-expression');
  assert.equal(await scopeOf(line, '1'), 'constant.numeric.adf-expression');
  assert.equal(await scopeOf(line, '2.5'), 'constant.numeric.adf-expression');
  assert.equal(await scopeOf(line, 'true'), 'constant.language.adf-expression');
  const string = (await tokens(line)).find(([t]) => t === 'it');
  assert.ok(string?.[1].includes('string.quoted.single.adf-expression'));
  // The JSON string itself still closes normally.
  const last = (await tokens(line)).at(-2)!;
  assert.equal(last[1].at(-1), 'punctuation.definition.string.end.json');
});

test('interpolation braces inside plain text, and text outside them stays a JSON string', async () => {
  const line = `{"v": "File @{item().name} on @{utcNow('yyyy')}"}`;
  assert.equal(await scopeOf(line, '@{'), 'punctuation.section.embedded.begin.adf-expression');
  assert.equal(await scopeOf(line, '}'), 'punctuation.section.embedded.end.adf-expression');
  assert.equal(await scopeOf(line, 'item'), 'variable.language.adf-expression');
  assert.equal(await scopeOf(line, 'utcNow'), 'support.function.adf-expression');
  assert.equal(await scopeOf(line, 'File '), 'string.quoted.double.json');
  assert.equal(await scopeOf(line, ' on '), 'string.quoted.double.json');
});

test('escapes: @@ is literal, plain strings and property keys are not expressions', async () => {
  let line = `{"v": "@@concat('x')"}`;
  assert.equal(await scopeOf(line, '@@'), 'constant.character.escape.adf-expression');
  assert.ok(!(await tokens(line)).some(([, s]) => s.includes('support.function.adf-expression')));
  line = `{"@concat": "mail a@b.com concat(1)"}`;
  assert.ok(!(await tokens(line)).some(([, s]) => s.some((x) => x.endsWith('.adf-expression'))));
  line = `{"v": "x @@{notAnExpression()}"}`;
  assert.ok(!(await tokens(line)).some(([, s]) => s.includes('support.function.adf-expression')));
});

test('JSON escapes inside expressions keep their JSON scope', async () => {
  const line = `{"v": "@replace(variables('s'), '\\n', '\\"')"}`;
  const escapes = (await tokens(line)).filter(([, s]) => s.at(-1) === 'constant.character.escape.json').map(([t]) => t);
  assert.deepEqual(escapes, ['\\n', '\\"']);
  assert.equal(await scopeOf(line, 'variables'), 'variable.language.adf-expression');
});

test('the expression grammar also applies inside arrays and nested objects', async () => {
  const line = `{"a": [{"b": "@activity('Lookup1').output?.firstRow['Id']"}]}`;
  assert.equal(await scopeOf(line, 'activity'), 'variable.language.adf-expression');
  assert.equal(await scopeOf(line, 'firstRow'), 'variable.other.property.adf-expression');
  assert.equal(await scopeOf(line, '?.'), 'punctuation.accessor.adf-expression');
});
