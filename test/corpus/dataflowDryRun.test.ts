import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFactories, loadFactory } from '../../src/engine/model/loader';
import { documentOf } from '../../src/engine/dataflow';
import { executeDataFlow } from '../../src/engine/dataflow/execute';
import { userFunctions } from '../../src/engine/dataflow/udf';

import { CORPUS, requireCorpus } from './location';

/** Failures that are expected: functions the local engine rejects by name, and a data flow with a real error. */
const EXPECTED = [
  /Function (crc32|byNames)\(\) is not supported by the local data flow engine/,
  /Hierarchical column patterns each\(structColumn, \.\.\.\) are not supported locally/,
  /'Exists1' needs 2 input stream\(s\) but the script gives it 1/,
  // Drifted columns (not declared) do not exist when the sources are empty.
  /Column "source1@id" not found/,
  // An array literal mixing strings and structures (XML source): DuckDB lists hold one type.
  /Cannot mix values of type VARCHAR\[\] and STRUCT/,
];

test('every real data flow compiles and runs on DuckDB against empty sources of its declared schema', async (t) => {
  requireCorpus();
  const work = mkdtempSync(path.join(os.tmpdir(), 'adfw-dry-'));
  let ran = 0;
  const failures: string[] = [];
  try {
    for (const ref of await discoverFactories(CORPUS)) {
      if (!ref.kinds.includes('dataflow')) continue;
      const factory = await loadFactory(ref.root);
      for (const r of factory.resources.dataflow.values()) {
        if (r.type !== 'MappingDataFlow') continue;
        const doc = documentOf(r);
        // Parameters without defaults get a value of their declared type.
        const parameters: Record<string, unknown> = {};
        for (const p of doc.graph.parameters) if (!p.decl.defaultValue) parameters[p.name] = /int|long|short|double|float|decimal/i.test(p.decl.type.name ?? '') ? 1 : p.decl.type.name === 'boolean' ? true : "'x'";
        try {
          await executeDataFlow({ doc, hooks: { readSource: async () => ({ rows: [] }) }, now: new Date('2024-01-01T00:00:00Z'), workDir: work, udfs: userFunctions(factory, doc.typeProperties), parameters });
          ran++;
        } catch (e) {
          failures.push(`${path.relative(CORPUS, r.file)}: ${(e as Error).message}`);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  t.diagnostic(`ran: ${ran}, expected failures: ${failures.length}`);
  const unexpected = failures.filter((f) => !EXPECTED.some((re) => re.test(f)));
  assert.deepEqual(unexpected, []);
  assert.ok(ran >= 250, `only ${ran} data flows ran`);
});
