/**
 * npm run bench [-- --json] [-- name ...]
 * Runs every benchmark module in scripts/bench/*.ts. Each module exports
 *   name: string                         (its key in the JSON output)
 *   run(): Promise<Record<string, unknown>>
 * Figures are ratios against a baseline measured in the same run, never absolute pass/fail times.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface BenchModule {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.filter((a) => !a.startsWith('--'));
  const dir = join(__dirname, 'bench');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const results: Record<string, Record<string, unknown>> = {};
  for (const f of files) {
    const mod = (await import(join(dir, f))) as Partial<BenchModule> & { default?: BenchModule };
    const m = (typeof mod.run === 'function' ? mod : mod.default) as BenchModule | undefined;
    if (!m?.run || (only.length && !only.includes(m.name))) continue;
    if (!json) process.stdout.write(`running ${m.name}…\n`);
    try {
      results[m.name] = await m.run();
    } catch (e) {
      results[m.name] = { error: (e as Error).message };
    }
  }
  if (json) {
    process.stdout.write(JSON.stringify(results) + '\n');
    return;
  }
  for (const [name, figures] of Object.entries(results)) {
    process.stdout.write(`\n${name}\n`);
    for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k.padEnd(32)} ${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}\n`);
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(n < 10 ? 3 : 1);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
