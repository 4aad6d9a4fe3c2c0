/** Editor support: completion, hover, signature help and positioned diagnostics inside JSON strings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeExpression, completeExpressionIn, evaluatableAt, expressionDiagnostics, hoverExpression, signatureAt, stringAt } from '../../../src/engine/expr/language';

/** A pipeline file; `EXPR` is replaced by the raw JSON string content under test (with a '|' cursor). */
const PIPELINE = `{
  "name": "CopyFiles",
  "properties": {
    "parameters": { "inputPath": { "type": "String", "defaultValue": "in/" }, "count": { "type": "Int" } },
    "variables": { "files": { "type": "Array" }, "it's": { "type": "String", "defaultValue": "x" } },
    "activities": [
      { "name": "Lookup1", "type": "Lookup", "typeProperties": { "source": { "query": "OUTER" } } },
      { "name": "Meta", "type": "GetMetadata", "dependsOn": [{ "activity": "Lookup1", "dependencyConditions": ["Succeeded"] }], "typeProperties": {} },
      { "name": "Loop", "type": "ForEach", "dependsOn": [{ "activity": "Meta", "dependencyConditions": ["Succeeded"] }],
        "typeProperties": { "items": { "value": "@activity('Meta').output.childItems", "type": "Expression" },
          "activities": [ { "name": "Inner", "type": "SetVariable", "typeProperties": { "variableName": "files", "value": "INNER" } } ] } },
      { "name": "Later", "type": "Wait", "typeProperties": {} }
    ]
  }
}`;

function place(raw: string, where: 'INNER' | 'OUTER' = 'INNER'): { text: string; offset: number } {
  const withCursor = PIPELINE.replace(where, raw);
  const offset = withCursor.indexOf('|');
  assert.ok(offset > 0, 'cursor marker missing');
  return { text: withCursor.slice(0, offset) + withCursor.slice(offset + 1), offset };
}

function labels(raw: string, where: 'INNER' | 'OUTER' = 'INNER'): string[] {
  const { text, offset } = place(raw, where);
  return completeExpression(text, offset).map((c) => c.label);
}

test('functions are offered where a value starts, filtered by the typed prefix, with signatures', () => {
  const { text, offset } = place('@con|');
  const items = completeExpression(text, offset);
  assert.deepEqual(items.map((i) => i.label), ['concat', 'contains', 'convertFromUtc', 'convertTimeZone', 'convertToUtc']);
  const concat = items[0];
  assert.equal(concat.detail, 'concat(text1: any, text2: any, ...): string');
  assert.equal(concat.insertText, 'concat($1)$0');
  assert.equal(text.slice(concat.range.offset, concat.range.offset + concat.range.length), 'con');
  assert.ok(labels("@concat('a', |").includes('formatDateTime'));
  assert.ok(labels('x @{|}').includes('utcNow'));
  assert.deepEqual(labels('@TOUP|'), ['toUpper']);
});

test('item() is offered only inside a ForEach; variables() and activity() only in pipelines', () => {
  assert.ok(labels('@ite|').includes('item'));
  assert.ok(!labels('@ite|', 'OUTER').includes('item'));
  assert.ok(labels('@var|', 'OUTER').includes('variables'));
});

test('pipeline() system variables and declared parameters after a dot', () => {
  assert.deepEqual(labels('@pipeline().|').slice(0, 3), ['parameters', 'globalParameters', 'DataFactory']);
  assert.ok(labels('@pipeline().Trig|').every((l) => l.startsWith('Trigger')));
  const { text, offset } = place('@pipeline().parameters.|');
  const items = completeExpression(text, offset);
  assert.deepEqual(items.map((i) => [i.label, i.kind, i.detail]), [['inputPath', 'parameter', 'String = "in/"'], ['count', 'parameter', 'Int']]);
  assert.deepEqual(labels("@concat(pipeline()?.parameters.in|, 'x')"), ['inputPath']);
});

test("variables(' offers declared variables, activity(' only activities that run before the current one", () => {
  assert.deepEqual(labels("@variables('|')"), ['files', "it's"]);
  const { text, offset } = place("@variables('it|')");
  const [item] = completeExpression(text, offset);
  assert.equal(item.insertText, "it''s");
  assert.deepEqual(labels("@activity('|')").sort(), ['Lookup1', 'Meta']);
  assert.deepEqual(labels("@activity('|')", 'OUTER'), []);
});

test('Windows time zone names and time units inside the matching string arguments', () => {
  const zones = labels("@convertTimeZone(utcNow(), 'UTC', 'Pacific S|')");
  assert.ok(zones.includes('Pacific Standard Time'));
  assert.ok(zones.every((z) => z.startsWith('Pacific S')));
  assert.ok(labels("@convertFromUtc(utcNow(), 'W. Eu|')").includes('W. Europe Standard Time'));
  assert.deepEqual(labels("@addToTime(utcNow(), 1, 'M|')"), ['Minute', 'Month']);
  assert.deepEqual(labels("@getPastTime(1, '|')").length, 7);
  assert.deepEqual(labels("@convertFromUtc('|')"), []);
});

test('activity outputs by activity type, and error fields', () => {
  assert.ok(labels("@activity('Meta').output.|").includes('childItems'));
  assert.deepEqual(labels("@activity('Lookup1').output.f|"), ['firstRow']);
  assert.deepEqual(labels("@activity('Meta').|"), ['output', 'status', 'error']);
  assert.deepEqual(labels("@activity('Meta').error.m|"), ['message']);
});

test('no completion outside expressions, in keys, or inside plain string arguments', () => {
  assert.deepEqual(labels('plain | text'), []);
  assert.deepEqual(labels("@concat('abc|')"), []);
  assert.deepEqual(labels('@@|'), []);
  const text = PIPELINE;
  assert.deepEqual(completeExpression(text, text.indexOf('"name"') + 2), []);
});

test('completion works while the string is still open (the user is typing)', () => {
  assert.ok(completeExpression('{"a": "@con', 11).some((c) => c.label === 'concat'));
});

test('completion ranges account for JSON escapes before the cursor', () => {
  const { text, offset } = place('say \\"hi\\" @{toLo|}');
  const [item] = completeExpression(text, offset);
  assert.equal(item.label, 'toLower');
  assert.equal(text.slice(item.range.offset, item.range.offset + item.range.length), 'toLo');
});

test('hover shows function documentation and declared types', () => {
  let { text, offset } = place("@concat(varia|bles('files'), 'a')");
  let h = hoverExpression(text, offset)!;
  assert.match(h.contents, /variables\(variableName: string\): any/);
  assert.equal(text.slice(h.range.offset, h.range.offset + h.range.length), 'variables');
  ({ text, offset } = place("@variables('fi|les')"));
  h = hoverExpression(text, offset)!;
  assert.equal(h.contents, 'Variable **files**: `Array`');
  ({ text, offset } = place('@pipeline().parameters.input|Path'));
  h = hoverExpression(text, offset)!;
  assert.equal(h.contents, 'Pipeline parameter **inputPath**: `String`, default `"in/"`');
  assert.equal(text.slice(h.range.offset, h.range.offset + h.range.length), 'inputPath');
  ({ text, offset } = place("@activity('Me|ta').output"));
  assert.equal(hoverExpression(text, offset)!.contents, 'Activity **Meta** (GetMetadata)');
  ({ text, offset } = place('@pipeline().parameters.nope|'));
  assert.match(hoverExpression(text, offset)!.contents, /not declared/);
  ({ text, offset } = place('plain| text'));
  assert.equal(hoverExpression(text, offset), undefined);
});

test('signature help names the call and the argument being typed', () => {
  const { text, offset } = place("@concat('a', substring('abc', 1|))");
  const s = signatureAt(text, offset)!;
  assert.equal(s.name, 'substring');
  assert.equal(s.activeParameter, 1);
  const outer = place("@concat('a', substring('abc', 1), |)");
  assert.deepEqual([signatureAt(outer.text, outer.offset)!.name, signatureAt(outer.text, outer.offset)!.activeParameter], ['concat', 2]);
});

test('diagnostics cover every expression string with exact file ranges, escapes included', () => {
  const text = PIPELINE.replace('INNER', 'say \\"x\\" @{foo(1)} and @{concat(}').replace('OUTER', "@substring('a')");
  const diags = expressionDiagnostics(text, 'pipeline/CopyFiles.json');
  const shown = diags.map((d) => [d.code, text.slice(d.offset, d.offset + d.length)]);
  assert.deepEqual(shown, [
    ['ADF3005', "substring('a')"],
    ['ADF3004', 'foo'],
    ['ADF3003', '}'],
  ]);
  assert.ok(diags.every((d) => d.file === 'pipeline/CopyFiles.json' && d.severity === 'error' && d.source === 'expression'));
  assert.deepEqual(expressionDiagnostics(PIPELINE.replace('INNER', "@concat('ok')").replace('OUTER', 'x')), []);
  assert.deepEqual(expressionDiagnostics('{not json'), []);
});

test('diagnostic ranges after \\u escapes', () => {
  const text = '{"v": "\\u0041\\u00e9 @{bad(}"}';
  const [d] = expressionDiagnostics(text);
  assert.equal(text.slice(d.offset, d.offset + d.length), '}');
  const at = stringAt(text, text.indexOf('bad'))!;
  assert.equal(at.value.slice(at.toValue(text.indexOf('bad')), at.toValue(text.indexOf('bad')) + 3), 'bad');
});

test('data flow files are not checked as pipeline expressions', () => {
  const text = JSON.stringify({ name: 'df', properties: { type: 'MappingDataFlow', typeProperties: { scriptLines: ["source(output(a as string)) ~> @src", "x @{y"] } } });
  assert.deepEqual(expressionDiagnostics(text), []);
});

test('global parameters are offered when the caller passes them; item() hover shows the ForEach items', () => {
  const { text, offset } = place('@pipeline().globalParameters.|');
  assert.deepEqual(completeExpression(text, offset).map((c) => c.label), []);
  const items = completeExpression(text, offset, undefined, { globalParameters: [{ name: 'env', type: 'string', defaultValue: 'dev' }] });
  assert.deepEqual(items.map((c) => [c.label, c.detail]), [['env', 'string = "dev"']]);
  const h = place('@it|em().name');
  assert.match(hoverExpression(h.text, h.offset)!.contents, /Items of the enclosing ForEach: `@activity\('Meta'\)\.output\.childItems`/);
});

test('hover documents pipeline() and trigger() system variables', () => {
  let { text, offset } = place('@pipeline().Run|Id');
  assert.equal(hoverExpression(text, offset)!.contents, '`pipeline().RunId`: ID of the specific pipeline run.');
  ({ text, offset } = place('@trigger().startT|ime'));
  assert.match(hoverExpression(text, offset)!.contents, /^`trigger\(\)\.startTime`: Time at which the trigger fired/);
});

test('evaluatableAt (debugger hover): a whole @ expression, one @{…} part of an interpolated string, nothing elsewhere', () => {
  const at = (raw: string) => {
    const { text, offset } = place(raw);
    const e = evaluatableAt(text, offset);
    return e && { expression: e.expression, covered: text.slice(e.offset, e.offset + e.length) };
  };
  assert.deepEqual(at("@concat(item().na|me, 'x')"), { expression: "@concat(item().name, 'x')", covered: "@concat(item().name, 'x')" });
  assert.deepEqual(at('n=@{ite|m()} and @{variables(\'files\')}'), { expression: '@item()', covered: '@{item()}' });
  assert.deepEqual(at('n|=@{item()}'), { expression: 'n=@{item()}', covered: 'n=@{item()}' });
  // Escaped quotes: the expression is the decoded value, the range covers the file text.
  assert.deepEqual(at('@concat(\\"a|\\", item())'), { expression: '@concat("a", item())', covered: '@concat(\\"a\\", item())' });
  assert.equal(at('plain te|xt'), undefined);
  assert.equal(at('@@not an expre|ssion'), undefined);
  assert.equal(evaluatableAt(PIPELINE, PIPELINE.indexOf('"name"') + 2), undefined, 'property keys are not evaluated');
});

test('completeExpressionIn (debugger console): the scope of the activity at a JSON path, ranges in the typed text', () => {
  const json = JSON.parse(PIPELINE.replace('INNER', 'x').replace('OUTER', 'y'));
  const inner = ['properties', 'activities', 2, 'typeProperties', 'activities', 0];
  const items = completeExpressionIn(json, inner, '@ite', 4);
  assert.deepEqual(items.map((i) => i.label), ['item']);
  assert.deepEqual(items[0].range, { offset: 1, length: 3 });
  assert.deepEqual(completeExpressionIn(json, ['properties', 'activities', 3], '@ite', 4).map((i) => i.label), [], 'no item() outside a ForEach');
  assert.deepEqual(completeExpressionIn(json, inner, "@variables('", 12).map((i) => i.label), ['files', "it's"]);
  assert.ok(completeExpressionIn(json, inner, "@activity('", 11).some((i) => i.label === 'Meta'));
});

test('hover on pipeline().libraryVariables.x: the entry it reads and, in a Fabric workspace, its value under the value set', () => {
  const json = {
    properties: {
      libraryVariables: { wh: { type: 'String', libraryName: 'Settings', variableName: 'warehouse' } },
      activities: [{ name: 'Pick', type: 'SetVariable', typeProperties: { variableName: 'v', value: '@pipeline().libraryVariables.WH' } }],
    },
  };
  const text = JSON.stringify(json);
  const offset = text.indexOf('libraryVariables.WH') + 'libraryVariables.'.length + 1;
  const plain = hoverExpression(text, offset)!;
  assert.equal(plain.contents, 'Library variable **wh**: `warehouse` of library **Settings** (`String`)');
  assert.equal(text.slice(plain.range.offset, plain.range.offset + plain.range.length), 'WH');
  assert.equal(hoverExpression(text, offset, undefined, { values: { wh: 'test-wh' }, valueSet: 'Test' })!.contents, 'Library variable **wh**: `warehouse` of library **Settings** (`String`)\n\nValue (value set Test): `"test-wh"`');
  assert.match(hoverExpression(text, offset, undefined, { values: { wh: 25 } })!.contents, /Value \(default values\): `25`$/);
  assert.match(hoverExpression(text, offset, undefined, { values: {} })!.contents, /No value: the library or variable is not in this workspace\.$/);
  const undeclared = text.replace('@pipeline().libraryVariables.WH', '@pipeline().libraryVariables.other');
  assert.equal(hoverExpression(undeclared, undeclared.indexOf('.other') + 2)!.contents, "Library variable **other** is not declared in this pipeline's libraryVariables.");
});
