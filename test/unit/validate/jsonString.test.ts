import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { stringOffsetMapper } from '../../../src/engine/validate/jsonString';

function mapperFor(text: string) {
  const root = parseTree(text)!;
  const node = root.children![0].children![1];
  return { node, map: stringOffsetMapper(text, node.offset, node.length), value: node.value as string };
}

test('plain strings map value offsets to offset + 1', () => {
  const text = '{"a": "@concat(x)"}';
  const { node, map } = mapperFor(text);
  assert.equal(map(0), node.offset + 1);
  assert.equal(text[map(7)], '(');
});

test('escape sequences (\\n, \\", \\\\, \\u0041) count as one value character', () => {
  const text = '{"a": "@concat(\'a\\n\\"b\\"\\\\\\u0041\', bad!)"}';
  const { map, value } = mapperFor(text);
  const i = value.indexOf('bad!');
  assert.ok(i > 0);
  assert.equal(text.slice(map(i), map(i + 4)), 'bad!');
  for (let k = 0; k <= value.length; k++) assert.ok(map(k) <= text.length);
  assert.equal(text[map(value.length)], '"', 'the end maps to the closing quote');
});
