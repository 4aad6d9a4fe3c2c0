/**
 * Incremental validation equals full validation: random sequences of edits (broken references and dependsOn,
 * renames onto other names and duplicates, broken JSON, deleted and added files, global parameter changes, undo)
 * on a generated factory; after each edit the incremental diagnostics equal those of loading the same texts afresh
 * (through an in-memory file host) and validating the whole factory.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Diagnostic } from '../../../src/engine/diagnostics';
import { kindOfFile, loadFactory } from '../../../src/engine/model';
import { IncrementalValidator, validateFactory } from '../../../src/engine/validate';
import { generatedFactoryFiles } from '../../../scripts/bench/factoryGen';
import { memoryHost } from '../../helpers/memoryHost';

const ROOT = path.resolve('/', 'factories', 'generated');

function initialFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [rel, json] of generatedFactoryFiles({ pipelines: 12, datasets: 4 })) files.set(path.join(ROOT, rel), JSON.stringify(json, null, '\t'));
  files.set(path.join(ROOT, 'factory', 'gen.json'), JSON.stringify({ name: 'gen', properties: { globalParameters: { environment: { type: 'String', value: 'dev' } } } }, null, '\t'));
  files.set(
    path.join(ROOT, 'pipeline', 'UsesGlobal.json'),
    JSON.stringify({ name: 'UsesGlobal', properties: { activities: [{ name: 'Stop', type: 'Fail', typeProperties: { message: '@pipeline().globalParameters.environment', errorCode: '1' } }] } }, null, '\t'),
  );
  return files;
}

type Edit =
  | { op: 'dependsOn'; file: number; target: string }
  | { op: 'rename'; file: number; name: number }
  | { op: 'reference'; file: number; name: number }
  | { op: 'breakJson'; file: number; at: number }
  | { op: 'delete'; file: number }
  | { op: 'add'; file: number; name: number; broken: boolean }
  | { op: 'globals'; name: string }
  | { op: 'restore'; file: number };

const NAMES = ['Pipeline_0', 'Pipeline_3', 'pipeline_3', 'Pipeline_3', 'Dataset_1', 'Cosmos_2', 'Daily_0', 'Vault', 'Fresh', 'UsesGlobal'];

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('dependsOn' as const), file: fc.nat(), target: fc.constantFrom('Lookup config', 'No such activity', 'All copied') }),
  fc.record({ op: fc.constant('rename' as const), file: fc.nat(), name: fc.nat(NAMES.length - 1) }),
  fc.record({ op: fc.constant('reference' as const), file: fc.nat(), name: fc.nat(NAMES.length - 1) }),
  fc.record({ op: fc.constant('breakJson' as const), file: fc.nat(), at: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), file: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), file: fc.nat(), name: fc.nat(NAMES.length - 1), broken: fc.boolean() }),
  fc.record({ op: fc.constant('globals' as const), name: fc.constantFrom('environment', 'stage') }),
  fc.record({ op: fc.constant('restore' as const), file: fc.nat() }),
);

/** Applies an edit to the texts; returns [file, new text | undefined for a deletion]. */
function apply(files: Map<string, string>, original: Map<string, string>, e: Edit): [string, string | undefined] {
  const list = [...files.keys()].sort();
  const file = list['file' in e ? e.file % list.length : 0];
  const text = files.get(file)!;
  switch (e.op) {
    case 'dependsOn':
      return [file, text.replace(/"activity": "[^"]*"/, `"activity": "${e.target}"`)];
    case 'rename':
      return [file, text.replace(/"name": "[^"]*"/, `"name": "${NAMES[e.name]}"`)];
    case 'reference':
      return [file, text.replace(/"referenceName": "[^"]*"/, `"referenceName": "${NAMES[e.name]}"`)];
    case 'breakJson':
      return [file, text.slice(0, e.at % text.length)];
    case 'delete':
      return [file, undefined];
    case 'add': {
      const target = path.join(path.dirname(file), `${NAMES[e.name]}_copy.json`);
      const copy = text.replace(/"name": "[^"]*"/, `"name": "${NAMES[e.name]}"`);
      // A broken copy has problems of its own (unknown dependsOn, unresolved reference) that count only while it is the registered one.
      return [target, e.broken ? copy.replace(/"activity": "[^"]*"/, '"activity": "Nowhere"').replace(/"referenceName": "[^"]*"/, '"referenceName": "Missing"') : copy];
    }
    case 'globals': {
      const f = path.join(ROOT, 'factory', 'gen.json');
      return [f, (files.get(f) ?? original.get(f)!).replace(/"(environment|stage)": \{/, `"${e.name}": {`)];
    }
    case 'restore':
      return [file, original.get(file) ?? text];
  }
}

const key = (d: Diagnostic) => `${d.file}|${d.offset}|${d.length}|${d.severity}|${d.code}|${d.message}`;
const keys = (ds: Diagnostic[]) => ds.map(key).sort();

test('incremental diagnostics equal a fresh full validation after every random edit', async () => {
  const original = initialFiles();
  const base = await loadFactory(ROOT, memoryHost(original));
  assert.deepEqual(validateFactory(base).filter((d) => d.severity === 'error'), [], 'the generated factory starts clean');
  let edits = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), async (seq) => {
      const files = new Map(original);
      const v = new IncrementalValidator(await loadFactory(ROOT, memoryHost(files)));
      for (const e of seq) {
        const [file, text] = apply(files, original, e);
        if (text === undefined) {
          files.delete(file);
          v.remove(file);
        } else {
          files.set(file, text);
          v.update(kindOfFile(file)!, file, text);
        }
        edits++;
        const full = validateFactory(await loadFactory(ROOT, memoryHost(files)));
        assert.deepEqual(keys(v.diagnostics()), keys(full), `after ${JSON.stringify(e)} on ${path.relative(ROOT, file)}`);
        for (const f of new Set(full.map((d) => d.file))) assert.deepEqual(keys(v.diagnosticsOf(f)), keys(full.filter((d) => d.file === f)));
      }
    }),
    { numRuns: 60, seed: 16 },
  );
  assert.ok(edits >= 40);
});

test('an edit re-validates the file and its dependants only', async () => {
  const files = initialFiles();
  const v = new IncrementalValidator(await loadFactory(ROOT, memoryHost(files)));
  const p5 = path.join(ROOT, 'pipeline', 'Pipeline_5.json');
  // Pipeline_5 is called by Pipeline_4 (ExecutePipeline) only.
  const touched = v.update('pipeline', p5, files.get(p5)!.replace('"activity": "Lookup config"', '"activity": "Lookup configs"'));
  assert.deepEqual(touched.map((f) => path.relative(ROOT, f)).sort(), [path.join('pipeline', 'Pipeline_4.json'), path.join('pipeline', 'Pipeline_5.json')]);
  assert.ok(v.diagnosticsOf(p5).some((d) => d.code === 'ADF2020' && d.severity === 'error'), 'the unknown dependsOn is reported');
});
