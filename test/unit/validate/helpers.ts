/** Test helpers: the realistic fixture factory, edited in memory, and validated. */
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/engine/diagnostics';
import { addResourceText, findResource, loadFactory, type Factory, type ResourceKind } from '../../../src/engine/model';
import { validateFactory } from '../../../src/engine/validate';

export const FIXTURE = path.resolve(__dirname, '../../fixtures/validate/cosmosCopy');

export async function fixture(): Promise<Factory> {
  return loadFactory(FIXTURE);
}

/** Replaces one resource file's text (as an editor or watcher would), returning the file path. */
export function edit(f: Factory, kind: ResourceKind, name: string, change: (text: string) => string): string {
  const r = findResource(f, kind, name);
  assert.ok(r, `fixture has ${kind}/${name}`);
  const next = change(r.doc.text);
  assert.notEqual(next, r.doc.text, 'the edit changed the file');
  addResourceText(f, kind, r.file, next);
  return r.file;
}

/** Adds a new resource file to the factory (in memory). */
export function addFile(f: Factory, kind: ResourceKind, fileName: string, json: unknown): string {
  const file = path.join(f.root, kind, fileName);
  addResourceText(f, kind, file, typeof json === 'string' ? json : JSON.stringify(json, null, '\t'));
  return file;
}

/** The text a diagnostic's range covers. */
export function covered(f: Factory, d: Diagnostic): string {
  for (const map of Object.values(f.resources)) for (const r of map.values()) if (r.file === d.file) return r.doc.text.slice(d.offset, d.offset + d.length);
  return '';
}

/** 1-based line of a diagnostic. */
export function lineOf(f: Factory, d: Diagnostic): number {
  for (const map of Object.values(f.resources)) for (const r of map.values()) if (r.file === d.file) return r.doc.lines.position(d.offset).line;
  return 0;
}

/** Validates and returns the diagnostics, excluding info. */
export function problems(f: Factory): Diagnostic[] {
  return validateFactory(f).filter((d) => d.severity !== 'info');
}

/** Asserts the factory has exactly these problems: [code, covered text] in order. */
export function expectProblems(f: Factory, expected: [string, string][]): Diagnostic[] {
  const ds = problems(f);
  assert.deepEqual(
    ds.map((d) => [d.code, covered(f, d)]),
    expected,
    `got:\n${ds.map((d) => `${path.basename(d.file)}:${lineOf(f, d)} ${d.code} ${d.message}`).join('\n')}`,
  );
  return ds;
}
