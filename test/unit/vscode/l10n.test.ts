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

/** The top-level arguments of each show…Message( call of a source text (strings and templates kept whole). */
function messageCalls(text: string): { line: number; args: string[] }[] {
  const out: { line: number; args: string[] }[] = [];
  for (const m of text.matchAll(/\.show(?:Error|Information|Warning)Message\(/g)) {
    const args: string[] = [];
    let depth = 0;
    let cur = '';
    let i = m.index! + m[0].length;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "'" || c === '"' || c === '`') {
        let j = i + 1;
        while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
        cur += text.slice(i, j + 1);
        i = j;
        continue;
      }
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      }
      if (c === ',' && depth === 0) {
        args.push(cur.trim());
        cur = '';
      } else cur += c;
    }
    args.push(cur.trim());
    out.push({ line: text.slice(0, m.index).split('\n').length, args });
  }
  return out;
}

test('button labels are localized, and choices are compared with the localized label', () => {
  const offenders: string[] = [];
  let buttons = 0;
  for (const f of sources()) {
    const text = readFileSync(f, 'utf8');
    for (const call of messageCalls(text)) {
      for (const a of call.args.slice(1)) {
        if (/^['"`]/.test(a)) offenders.push(`${path.relative(repo, f)}:${call.line}: button ${a}`);
        else if (a.startsWith('vscode.l10n.t(')) buttons++;
      }
    }
    // A choice (button or quick-pick label) compared with an English literal cannot match once translated.
    text.split('\n').forEach((line, i) => {
      if (/\b(?:pick|choice|answer|confirm|selected)(?:\.label)?\s*[!=]==\s*['"`][A-Za-z]/.test(line)) offenders.push(`${path.relative(repo, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
  assert.ok(buttons >= 6, `localized buttons found: ${buttons}`);
});
