/**
 * Reading test files: JSON (comments allowed) validated against schemas/adftest.schema.json, plus checks
 * against the factory (pipelines and activities that exist). Problems come back as messages with positions;
 * nothing throws for bad input.
 */
import { isFabricWorkspace } from '../fabric';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseJsonDocument, rangeAt, type JsonDocument, type JsonPath } from '../json';
import schema from '../../../schemas/adftest.schema.json';
import type { SourceRange, TestFileDef } from './types';

export const TEST_FILE_SUFFIX = '.adftest.json';

export interface TestFileProblem {
  message: string;
  location: SourceRange;
}

export interface LoadedTestFile {
  file: string;
  doc: JsonDocument;
  def?: TestFileDef;
  problems: TestFileProblem[];
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate() {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(schema as object);
  }
  return validator;
}

/** The source range of a JSON path in a test document. */
export function locate(doc: JsonDocument, p: JsonPath): SourceRange {
  const r = rangeAt(doc, p);
  const pos = doc.lines.position(r.offset);
  return { file: doc.file, offset: r.offset, length: r.length, line: pos.line, column: pos.column };
}

/** Parses and schema-checks a test file's text. */
export function parseTestFile(file: string, text: string): LoadedTestFile {
  const doc = parseJsonDocument(file, text);
  const problems: TestFileProblem[] = doc.diagnostics.map((d) => ({ message: d.message, location: { file, offset: d.offset, length: d.length, ...doc.lines.position(d.offset) } }));
  if (doc.value === undefined || problems.length) return { file, doc, problems: problems.length ? problems : [{ message: 'Empty test file.', location: locate(doc, []) }] };
  const v = validate();
  if (!v(doc.value)) {
    for (const e of v.errors ?? []) {
      if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf') {
        if (e.keyword === 'anyOf' && /mocks\/\d+$/.test(e.instancePath)) problems.push({ message: 'A mock needs "activity" (a name) or "type" (an activity type).', location: locate(doc, pointer(e.instancePath)) });
        continue;
      }
      const where = pointer(e.instancePath);
      let message = `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`;
      if (e.keyword === 'additionalProperties') message = `Unknown property "${(e.params as { additionalProperty: string }).additionalProperty}" at ${e.instancePath || '(root)'}.`;
      if (e.keyword === 'enum') message = `${e.instancePath} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x)).join(', ')}.`;
      if (e.keyword === 'additionalProperties') where.push((e.params as { additionalProperty: string }).additionalProperty);
      problems.push({ message, location: locate(doc, where) });
    }
    if (problems.length) return { file, doc, problems };
  }
  const def = doc.value as TestFileDef;
  const names = new Set<string>();
  def.tests.forEach((t, i) => {
    if (names.has(t.name)) problems.push({ message: `Duplicate test name "${t.name}" in this file.`, location: locate(doc, ['tests', i, 'name']) });
    names.add(t.name);
    if (!t.pipeline && !def.pipeline) problems.push({ message: `Test "${t.name}" names no pipeline: set "pipeline" on the test or at the top of the file.`, location: locate(doc, ['tests', i]) });
  });
  return { file, doc, def, problems };
}

function pointer(p: string): JsonPath {
  if (!p) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Reads a test file from disk. */
export async function loadTestFile(file: string): Promise<LoadedTestFile> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch (e) {
    const doc = parseJsonDocument(abs, '{}');
    return { file: abs, doc, problems: [{ message: `Cannot read test file: ${(e as Error).message}`, location: locate(doc, []) }] };
  }
  return parseTestFile(abs, text);
}

const SKIP = new Set(['node_modules', '.git', '.adf', 'dist', 'out']);

/** Test files under a path (a file or a folder, searched recursively), sorted. */
export async function discoverTestFiles(target: string): Promise<string[]> {
  const abs = path.resolve(target);
  const st = await fs.stat(abs).catch(() => undefined);
  if (!st) return [];
  if (st.isFile()) return [abs];
  const out: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 12) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) await walk(path.join(d, e.name), depth + 1);
      } else if (e.isFile() && e.name.endsWith(TEST_FILE_SUFFIX)) out.push(path.join(d, e.name));
    }
  };
  await walk(abs, 0);
  return out.sort();
}

/**
 * The factory root for a test file: "factory" relative to the file, else the nearest ancestor holding pipeline/ or
 * Fabric pipeline items (`*.DataPipeline/`: a Fabric workspace folder).
 */
export async function factoryRootFor(file: string, def?: TestFileDef): Promise<string | undefined> {
  if (def?.factory) return path.resolve(path.dirname(file), def.factory);
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const st = await fs.stat(path.join(dir, 'pipeline')).catch(() => undefined);
    if (st?.isDirectory()) return dir;
    if (await isFabricWorkspace(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
