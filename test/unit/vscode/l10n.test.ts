// User-visible strings of the extension go through vscode.l10n.t; l10n/bundle.l10n.json (package.json "l10n") is
// the bundle translators start from, and it must hold exactly the strings the sources use (npm run l10n:export).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const repo = path.resolve(__dirname, '../../..');

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts')) out.push(p);
    }
  };
  walk(path.join(repo, 'src', 'vscode'));
  return out;
}

test('package.json points at the l10n folder and the bundle matches the sources', async () => {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  assert.equal(pkg.l10n, './l10n');
  const bundle = JSON.parse(readFileSync(path.join(repo, 'l10n', 'bundle.l10n.json'), 'utf8'));
  const fromSources = await getL10nJson(sources().map((f) => ({ contents: readFileSync(f, 'utf8'), extension: '.ts' })));
  assert.deepEqual(Object.keys(bundle).sort(), Object.keys(fromSources).sort(), 'run npm run l10n:export after changing a message');
  assert.ok(Object.keys(bundle).length >= 70);
});

test('messages shown to the user are localized: no literal text passed to showXxxMessage', () => {
  const offenders: string[] = [];
  for (const f of sources()) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // A literal with words in it (placeholders alone, such as `${a}: ${b}`, compose other messages).
        const m = /\.show(Error|Information|Warning)Message\(\s*(['"][^'"]*['"]|`[^`]*`)/.exec(line);
        if (m && /[A-Za-z]{2}/.test(m[2].replace(/\$\{[^}]*\}/g, ''))) offenders.push(`${path.relative(repo, f)}:${i + 1}`);
      });
  }
  assert.deepEqual(offenders, []);
});
