/**
 * The diagnostic catalogue: every code comes from its tables, each code has one severity, no code is written as a
 * literal elsewhere in the sources, and the README's list is the one the tables generate.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CATALOGUE, codeEntry, severityOf, TriggerCodes } from '../../../src/engine/codes';
import { validatePath } from '../../../src/engine/validate';
import { withCodes } from '../../../scripts/genDocs';

const root = path.join(__dirname, '..', '..', '..');

test('codes are unique, inside their band, and documented', () => {
  const seen = new Set<string>();
  for (const band of CATALOGUE) {
    for (const e of Object.values(band.entries)) {
      assert.match(e.code, new RegExp(`^${band.prefix}\\d{3}$`));
      assert.ok(!seen.has(e.code), `${e.code} defined twice`);
      seen.add(e.code);
      assert.ok(e.message.length > 5 && e.doc.length > 10, `${e.code} has a message template and a documentation line`);
      assert.equal(codeEntry(e.code), e);
    }
  }
  assert.ok(seen.size > 100);
});

test('the README lists the codes the tables generate', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.equal(withCodes(readme), readme, 'README.md is stale: run npm run gen:docs');
  assert.ok(readme.includes(`| ${TriggerCodes.noPipeline} | warning |`));
});

test('no code is written as a literal outside the catalogue', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs|js)$/.test(name) && !p.includes(`${path.sep}engine${path.sep}codes${path.sep}`)) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/['"`]ADF\d{4}\b/g)) offenders.push(`${path.relative(root, p)}: ${m[0]}`);
      }
    }
  };
  walk(path.join(root, 'src'));
  assert.deepEqual(offenders, []);
});

const temp: string[] = [];
after(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A factory with one of many problems per file, written to a temporary folder. */
function brokenFactory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'adfw-codes-'));
  temp.push(dir);
  const put = (kind: string, name: string, text: string) => {
    mkdirSync(path.join(dir, kind), { recursive: true });
    writeFileSync(path.join(dir, kind, `${name}.json`), text);
  };
  const w = (name: string, extra: object = {}) => ({ name, type: 'Wait', typeProperties: { waitTimeInSeconds: 1 }, ...extra });
  const activities = [
    w('A', { dependsOn: [{ activity: 'B', dependencyConditions: ['succeeded'] }] }),
    w('B', { dependsOn: [{ activity: 'A', dependencyConditions: ['Completed', 'Failed'] }, { activity: 'Nope' }] }),
    w('A'),
    { name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@pipeline().parameters.missing', type: 'Expression' }, batchCount: 80, activities: [{ name: 'Inner', type: 'Until', typeProperties: { expression: { value: "@equals(variables('nope'), 1)", type: 'Expression' }, activities: [] } }] } },
    { name: 'Odd', type: 'Waitt', typeProperties: {} },
    { name: 'Copy1', type: 'Copy', typeProperties: { source: { type: 'JsonSource' }, sink: { type: 'JsonSink' } }, inputs: [{ referenceName: 'Missing', type: 'DatasetReference' }], outputs: [] },
  ];
  put('pipeline', 'Broken', JSON.stringify({ name: 'Broken', properties: { activities, variables: { v: { type: 'Integer', defaultValue: 'x' } } } }));
  put('pipeline', 'Bad JSON', '{"name": "Bad JSON", "properties": {');
  put('pipeline', 'stray', '{"version": 1}');
  put('dataflow', 'my-flow', JSON.stringify({ name: 'my-flow', properties: { type: 'MappingDataFlow', typeProperties: { scriptLines: ['source(output(a as string)) ~> src', 'src filter(nosuch(a)) ~> f', 'f sink() ~> out'], sources: [{ name: 'src' }], sinks: [] } } }));
  put('trigger', 'T', JSON.stringify({ name: 'T', properties: { type: 'ScheduleTrigger', pipelines: [], typeProperties: { recurrence: { frequency: 'Minute', interval: 1, startTime: '2024-01-01T00:00:00', timeZone: 'UTC', schedule: { hours: [25] } } } } }));
  return dir;
}

test('every diagnostic has a catalogue code and its severity', async () => {
  let count = 0;
  const codes = new Set<string>();
  const broken = brokenFactory();
  for (const dir of [broken, ...['validate', 'triggers', 'dataflow', 'language'].map((d) => path.join(root, 'test', 'fixtures', d))]) {
    const { diagnostics } = await validatePath(dir);
    for (const d of diagnostics) {
      count++;
      codes.add(d.code);
      assert.ok(codeEntry(d.code), `${d.code} (${d.message}) is in the catalogue`);
      assert.equal(d.severity, severityOf(d.code), `${d.code} ${d.message}`);
    }
  }
  assert.ok(count >= 30 && codes.size >= 15, `the factories give many kinds of diagnostics (${count}, codes ${[...codes].sort().join(' ')})`);
});
