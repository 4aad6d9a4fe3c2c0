/**
 * Hostile command lines: 10,000 generated argument vectors through the real CLI dispatcher, in-process.
 * Every one must end with exit code 0, 1 or 2 and never throw; every usage error (exit 2) must say what is wrong.
 * Commands that reach the network or wait for events (remote, publish, emulator, demo, watch) are left out: their
 * argument parsing is the same `parse()` and is covered through the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../../src/cli/main';
import { stdio } from '../../../src/cli/args';

const work = mkdtempSync(join(tmpdir(), 'adfw-argfuzz-'));
const factory = join(work, 'factory');
mkdirSync(join(factory, 'pipeline'), { recursive: true });
writeFileSync(
  join(factory, 'pipeline', 'Tiny.json'),
  JSON.stringify({ name: 'Tiny', properties: { activities: [{ name: 'Set', type: 'SetVariable', typeProperties: { variableName: 'v', value: 'x' } }], variables: { v: { type: 'String' } } } }),
);

const commands = ['validate', 'eval', 'run', 'runs', 'test', 'trigger', 'dataflow', 'export-arm', 'bogus', '', '--help', 'help', '--version'];
const flags = ['--json', '--param', '--params-file', '--connections', '--mock', '--now', '--seed', '--until', '--store', '--no-store', '--report', '--from', '--count', '--at', '--rows', '--reporter', '--out', '--context', '--batch', '--quiet', '--all', '--pipeline', '--status', '--limit', '--rerun', '--from-failed', '-x', '--', '--=', '---'];
const values = [factory, 'Tiny', 'missing', join(work, 'nope.json'), 'a=b', '=', 'x=', '2024-01-01T00:00:00Z', 'not-a-date', '-1', '0', '99999999999999999999', '@add(1,2)', "@concat('a'", 'times', 'fire', 'list', 'show', 'preview', 'parse', 'junit', 'json', 'spec', '', ' ', '\u0000', '💥', '../..', join(work, 'out')];
const token = fc.oneof(fc.constantFrom(...flags), fc.constantFrom(...values), fc.string({ maxLength: 12 }));
const argv = fc.tuple(fc.constantFrom(...commands), fc.array(token, { maxLength: 7 })).map(([c, rest]) => (c === '' ? rest : [c, ...rest]));

test('10,000 generated command lines: exit 0/1/2, no exception, usage errors explained', async () => {
  const out = stdio.out;
  const err = stdio.err;
  const cwd = process.cwd();
  let stderr = '';
  let stdout = '';
  stdio.out = (t: string) => {
    stdout += t;
  };
  stdio.err = (t: string) => {
    stderr += t;
  };
  process.chdir(work); // relative paths in generated arguments stay inside the scratch folder
  const codes = new Map<number, number>();
  try {
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        stderr = '';
        stdout = '';
        const code = await main(args);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        assert.ok(code === 0 || code === 1 || code === 2, `exit code ${code} for ${JSON.stringify(args)}`);
        assert.ok(!/internal error/i.test(stderr), `internal error for ${JSON.stringify(args)}: ${stderr.slice(0, 400)}`);
        if (code === 2 && args.length && args[0] !== '') assert.ok((stderr + stdout).trim().length > 0, `exit 2 without a message for ${JSON.stringify(args)}`);
      }),
      { numRuns: 10_000 },
    );
  } finally {
    process.chdir(cwd);
    stdio.out = out;
    stdio.err = err;
  }
  // The generator must reach past argument parsing, not only produce usage errors.
  assert.ok((codes.get(0) ?? 0) + (codes.get(1) ?? 0) > 100, `too few command lines got past parsing: ${JSON.stringify([...codes])}`);
});
