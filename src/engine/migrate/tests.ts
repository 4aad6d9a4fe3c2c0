/**
 * The factory's pipeline tests (`tests/*.adftest.json`), adapted to the converted items so the same expectations
 * can run against the Fabric workspace: linked-service keys of `connections` become connection ids,
 * `${factoryDir}` paths keep pointing at the original factory's files, mocks by type ExecutePipeline become
 * InvokePipeline, and expected inputs follow the rewrites (a child pipeline's name becomes its pipelineId, a linked
 * service reference becomes `externalReferences.connection`). Expectations on a dataset reference, which no longer
 * exists in the input, are dropped and listed; tests of pipelines that do not convert are dropped and listed.
 */
import * as path from 'node:path';
import { INVOKE_PIPELINE } from './table';
import type { InputChange } from './convert';

export interface TestAdaptContext {
  /** Absolute path of the source test file. */
  sourceFile: string;
  /** Absolute path the adapted file is written to. */
  targetFile: string;
  /** Absolute path of the ADF factory root and of the Fabric output folder. */
  factoryRoot: string;
  outRoot: string;
  /** Converted pipeline names (any case) and skipped ones. */
  converted: readonly string[];
  /** Linked service name → placeholder connection id and linked service type (every linked service of the factory). */
  connectionIds: Readonly<Record<string, { id: string; type: string }>>;
  /** Pipeline → activity → input changes, from the conversion. */
  inputChanges: ReadonlyMap<string, ReadonlyMap<string, readonly InputChange[]>>;
}

export interface AdaptedTests {
  /** The adapted file, or undefined when no test of it applies to a converted pipeline. */
  text?: string;
  tests: number;
  dropped: { test: string; reason: string }[];
  notes: string[];
}

const posix = (p: string) => p.split(path.sep).join('/');

function lookup<T>(rec: Readonly<Record<string, T>>, name: string): [string, T] | undefined {
  if (Object.hasOwn(rec, name)) return [name, rec[name]];
  const k = Object.keys(rec).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : [k, rec[k]];
}

/** Adapts one test file's text; throws a SyntaxError naming the file when it is not JSON. */
export function adaptTestFile(text: string, ctx: TestAdaptContext): AdaptedTests {
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SyntaxError(`${ctx.sourceFile}: not valid JSON (${(e as Error).message}); fix the file or move it out of tests/.`);
  }
  const notes: string[] = [];
  const dropped: { test: string; reason: string }[] = [];
  const relToFactory = posix(path.relative(ctx.outRoot, ctx.factoryRoot)) || '.';
  const fixStrings = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes('${factoryDir}') ? v.split('${factoryDir}').join(`\${factoryDir}/${relToFactory}`) : v;
    if (Array.isArray(v)) return v.map(fixStrings);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fixStrings(x)]));
    return v;
  };
  const connections = (c: unknown): unknown => {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return c;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) {
      const hit = lookup(ctx.connectionIds, k);
      // Local runs read a connection's connector type from its entry: the linked service's type, unless given.
      if (hit) out[hit[1].id] = v && typeof v === 'object' && !Array.isArray(v) ? { type: hit[1].type, ...(fixStrings(v) as Record<string, unknown>) } : fixStrings(v);
      else {
        out[k] = fixStrings(v);
        notes.push(`connections.${k}: no linked service of that name; kept as written`);
      }
    }
    return out;
  };
  const mocks = (m: unknown): unknown =>
    Array.isArray(m) ? m.map((x) => (x && typeof x === 'object' && typeof x.type === 'string' && x.type.toLowerCase() === 'executepipeline' ? { ...x, type: INVOKE_PIPELINE.type } : x)) : m;
  const adaptInput = (input: Record<string, unknown>, changes: readonly InputChange[], where: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      const exact = changes.find((c) => c.from === k);
      const prefix = exact ? undefined : changes.find((c) => k.startsWith(`${c.from}.`) || k.startsWith(`${c.from}[`));
      const c = exact ?? prefix;
      if (!c) {
        out[k] = v;
        continue;
      }
      if (!exact || c.to === undefined) {
        notes.push(`${where}: expectation on input "${k}" dropped (the converted activity has no such input: ${c.to === undefined ? 'it is written inline' : 'it moved'})`);
        continue;
      }
      const mapped = typeof v === 'string' && c.values ? (lookup(c.values, v)?.[1] ?? v) : v;
      out[c.to] = mapped;
    }
    return out;
  };
  const activityExpect = (e: unknown, changes: readonly InputChange[] | undefined, where: string): unknown => {
    if (!changes?.length || !e || typeof e !== 'object') return e;
    if (Array.isArray(e)) return e.map((x) => activityExpect(x, changes, where));
    const x = { ...(e as Record<string, unknown>) };
    if (x.input && typeof x.input === 'object' && !Array.isArray(x.input)) x.input = adaptInput(x.input as Record<string, unknown>, changes, where);
    return x;
  };
  const convertedLower = new Set(ctx.converted.map((n) => n.toLowerCase()));
  const canonical = (n: string) => ctx.converted.find((c) => c.toLowerCase() === n.toLowerCase()) ?? n;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === '$schema' && typeof v === 'string' && !/^[a-z]+:/i.test(v)) out[k] = posix(path.relative(path.dirname(ctx.targetFile), path.resolve(path.dirname(ctx.sourceFile), v)));
    else if (k === 'factory') out[k] = posix(path.relative(path.dirname(ctx.targetFile), ctx.outRoot)) || '.';
    else if (k === 'connections') out[k] = connections(v);
    else if (k === 'mocks') out[k] = mocks(v);
    else if (k !== 'tests') out[k] = v;
  }
  const tests: unknown[] = [];
  for (const t of Array.isArray(doc.tests) ? doc.tests : []) {
    if (!t || typeof t !== 'object') continue;
    const pipeline = typeof t.pipeline === 'string' ? t.pipeline : typeof doc.pipeline === 'string' ? doc.pipeline : undefined;
    const name = typeof t.name === 'string' ? t.name : '(unnamed)';
    if (!pipeline || !convertedLower.has(pipeline.toLowerCase())) {
      dropped.push({ test: name, reason: pipeline ? `pipeline "${pipeline}" does not convert` : 'names no pipeline' });
      continue;
    }
    const changes = ctx.inputChanges.get(canonical(pipeline));
    const nt: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(t as Record<string, unknown>)) {
      if (k === 'connections') nt[k] = connections(v);
      else if (k === 'mocks') nt[k] = mocks(v);
      else if (k === 'expect' && v && typeof v === 'object') {
        const ex = { ...(v as Record<string, unknown>) };
        if (ex.activities && typeof ex.activities === 'object') {
          ex.activities = Object.fromEntries(Object.entries(ex.activities as Record<string, unknown>).map(([a, e]) => [a, activityExpect(e, changes?.get(a), `test "${name}", activity "${a}"`)]));
        }
        nt[k] = ex;
      } else nt[k] = v;
    }
    tests.push(nt);
  }
  out.tests = tests;
  if (!tests.length) return { tests: 0, dropped, notes };
  if (typeof doc.pipeline === 'string' && !convertedLower.has(doc.pipeline.toLowerCase())) delete out.pipeline;
  return { text: JSON.stringify(out, null, 2) + '\n', tests: tests.length, dropped, notes };
}
