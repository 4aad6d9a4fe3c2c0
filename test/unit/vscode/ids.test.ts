// src/vscode/constants.ts is the one place of the extension's ids: it must match package.json's contributions both
// ways, and no other file of src/vscode may spell an id of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  COMMANDS,
  CONTEXT,
  CONTEXT_KEYS,
  CONTRIBUTED_COMMANDS,
  INTERNAL_COMMANDS,
  TEST_FILE_GLOB,
  TESTING,
  VIEW_CONTAINER,
  VIEWS,
  WEBVIEWS,
} from '../../../src/vscode/constants';
import { TEST_FILE_SUFFIX } from '../../../src/engine/testing';

const repo = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

test('every contributed command is in constants.ts, and every command there is contributed', () => {
  assert.deepEqual(sorted(CONTRIBUTED_COMMANDS), sorted(contributes.commands.map((c: { command: string }) => c.command)));
  assert.equal(new Set(CONTRIBUTED_COMMANDS).size, CONTRIBUTED_COMMANDS.length, 'no id twice');
  for (const id of Object.values(INTERNAL_COMMANDS)) assert.ok(!CONTRIBUTED_COMMANDS.includes(id), `${id} is internal, not contributed`);
  assert.ok(CONTRIBUTED_COMMANDS.includes(COMMANDS.refresh));
});

test('every contributed view and view container is in constants.ts, and the reverse', () => {
  const views = Object.values(contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id);
  assert.deepEqual(sorted(Object.values(VIEWS)), sorted(views));
  assert.deepEqual(Object.keys(contributes.views), [VIEW_CONTAINER]);
  assert.deepEqual(contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), [VIEW_CONTAINER]);
  for (const w of contributes.viewsWelcome) assert.ok((Object.values(VIEWS) as string[]).includes(w.view), `welcome of ${w.view}`);
});

test('menus name contributed commands and known views, context values and keys', () => {
  const commands = new Set(CONTRIBUTED_COMMANDS);
  const known = new Set<string>([...Object.values(VIEWS), ...Object.values(CONTEXT), ...Object.values(CONTEXT_KEYS), ...Object.values(TESTING)]);
  for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string; when?: string }[]>)) {
    for (const item of items) {
      assert.ok(commands.has(item.command), `${menu}: ${item.command} is a contributed command`);
      // Tree items of a resource kind are `<CONTEXT.resource>.<kind>`, remote ones `<CONTEXT.remotePrefix><type>`,
      // Fabric ones `<CONTEXT.fabricPrefix><type>`.
      const ok = (id: string) => known.has(id) || id.startsWith(CONTEXT.resource + '.') || id.startsWith(CONTEXT.remotePrefix) || id.startsWith(CONTEXT.fabricPrefix);
      for (const [, id] of (item.when ?? '').matchAll(/==\s*(adf\.[\w.]+)/g)) assert.ok(ok(id), `${menu}: "${id}" in a when clause is in constants.ts`);
    }
  }
});

test('activation events and test files use the ids and patterns of constants.ts', () => {
  const webviews = (pkg.activationEvents as string[]).filter((e) => e.startsWith('onWebviewPanel:')).map((e) => e.slice('onWebviewPanel:'.length));
  for (const w of webviews) assert.ok((Object.values(WEBVIEWS) as string[]).includes(w), w);
  assert.ok(TEST_FILE_GLOB.endsWith('*' + TEST_FILE_SUFFIX));
  assert.ok((pkg.activationEvents as string[]).includes(`workspaceContains:${TEST_FILE_GLOB}`));
});

test('no file of src/vscode other than constants.ts spells an id', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts') && n !== 'constants.ts') files.push(p);
    }
  };
  walk(path.join(repo, 'src', 'vscode'));
  assert.ok(files.length > 20);
  const offenders = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((line, i) => (/['"`]adf\.[A-Za-z]/.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${path.relative(repo, f)}:${i + 1}: ${line.trim()}`] : [])),
  );
  assert.deepEqual(offenders, []);
});
