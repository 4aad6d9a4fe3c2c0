import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { resourceFromText } from '../../../src/engine/model/loader';
import { RESOURCE_KINDS, type ResourceKind } from '../../../src/engine/model/types';
import { assertPositioned } from './positioned';

/** JSON-ish text: valid JSON, JSON cut or spliced at random places, and random characters. */
const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.nat(), fc.string({ maxLength: 4 })).map(([t, a, b, ins]) => {
    const i = a % (t.length + 1);
    const j = Math.min(t.length, i + (b % 4));
    return t.slice(0, i) + ins + t.slice(j);
  }),
  fc.record({ name: fc.string(), properties: fc.jsonValue({ maxDepth: 3 }) }).map((o) => JSON.stringify(o, null, '\t')),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', '/', '*', ' ', 'a', '1', '\n', '\ufeff'), maxLength: 60 }),
);

test('property: the loader never throws and every diagnostic is positioned (10,000 inputs)', () => {
  fc.assert(
    fc.property(jsonish, fc.constantFrom<ResourceKind>(...RESOURCE_KINDS), (text, kind) => {
      const file = `/f/${kind}/r.json`;
      const { resource, diagnostics } = resourceFromText(kind, file, text);
      assertPositioned(diagnostics, file, text);
      if (resource) {
        assert.equal(resource.file, file);
        assert.equal(typeof resource.name, 'string');
      }
    }),
    { numRuns: 10_000 },
  );
});
