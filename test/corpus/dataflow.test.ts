import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { discoverFactories, loadFactory } from '../../src/engine/model/loader';
import { documentOf, parseScript, printScript, stripSpans, validateDataFlows } from '../../src/engine/dataflow';

import { CORPUS, requireCorpus } from './location';

/** Errors in the corpus that are real: references to datasets missing from the repositories, ERROR_FUNCTION() left by the designer, an exists with one input. */
const KNOWN_REAL_ERRORS = 12;

test('the real data flow corpus parses, round-trips and validates without false errors', async (t) => {
  requireCorpus();
  let flows = 0;
  let parsed = 0;
  let roundTripped = 0;
  const errors: string[] = [];
  for (const ref of await discoverFactories(CORPUS)) {
    if (!ref.kinds.includes('dataflow')) continue;
    const factory = await loadFactory(ref.root);
    for (const r of factory.resources.dataflow.values()) {
      if (r.type !== 'MappingDataFlow' && r.type !== 'Flowlet') continue;
      flows++;
      const doc = documentOf(r);
      assert.deepEqual(doc.script.errors, [], `${r.file}: ${doc.script.errors[0]?.message}`);
      parsed++;
      const again = parseScript(printScript(doc.script));
      assert.deepEqual(again.errors, [], `${r.file}: printed script does not parse`);
      assert.ok(isDeepStrictEqual(stripSpans(again.statements), stripSpans(doc.script.statements)), `${r.file}: round trip changed the script`);
      roundTripped++;
    }
    for (const d of validateDataFlows(factory)) if (d.severity === 'error') errors.push(`${d.file}: ${d.code} ${d.message}`);
  }
  t.diagnostic(`data flows: ${flows}, parsed: ${parsed}, round-tripped: ${roundTripped}, validation errors: ${errors.length} (all real)`);
  assert.ok(flows >= 260, `expected about 270 data flows, found ${flows}`);
  assert.equal(parsed, flows);
  assert.equal(roundTripped, flows);
  assert.equal(errors.length, KNOWN_REAL_ERRORS, errors.join('\n'));
  for (const e of errors) assert.match(e, /ADF7009 .*does not exist|ERROR_FUNCTION|Exists "Exists1" takes 2/);
});
