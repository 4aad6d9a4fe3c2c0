import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from '../../../src/cli/args';

const COMMANDS: Record<string, string> = {
  validate: 'validate',
  eval: 'eval',
  run: 'run',
  runs: 'runs',
  test: 'test',
  demo: 'demo',
  publish: 'publish',
  remote: 'remote',
  emulator: 'emulator',
  'export-arm': 'exportArm',
  trigger: 'trigger',
  watch: 'watch',
  dataflow: 'dataflow',
  pull: 'pull',
  drift: 'drift',
  'test-connection': 'testConnection',
  lint: 'lint',
  refs: 'refs',
  unused: 'unused',
  fabric: 'fabric',
  'fabric check': 'fabric/check',
  'fabric convert': 'fabric/convert',
};

describe('every command answers --help and -h', () => {
  for (const [name, file] of Object.entries(COMMANDS)) {
    for (const flag of ['--help', '-h']) {
      it(`adfw ${name} ${flag}: usage on stdout, nothing on stderr, exit 0`, async () => {
        const command = (await import(`../../../src/cli/commands/${file}`)).default as Command;
        const out: string[] = [];
        const err: string[] = [];
        const code = await command([flag], { out: (t) => out.push(t), err: (t) => err.push(t) });
        assert.equal(code, 0);
        assert.deepEqual(err, []);
        assert.equal(out.length, 1);
        assert.ok(out[0].startsWith(`Usage: adfw ${name}`), out[0]);
      });
    }
  }
});
