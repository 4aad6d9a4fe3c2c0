/**
 * The diagnostic catalogue: every code comes from its tables, each code has one severity, no code is written as a
 * literal elsewhere in the sources, and the README's list is the one the tables generate.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, codeEntry, severityOf, TriggerCodes } from '../../../src/engine/codes';
import { validatePath } from '../../../src/engine/validate';
import { withCodes } from '../../../scripts/genDocs';
import { brokenFactory } from '../../helpers/brokenFactory';

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

test('every diagnostic has a catalogue code and its severity', async () => {
  let count = 0;
  const codes = new Set<string>();
  const broken = brokenFactory();
  temp.push(broken);
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
