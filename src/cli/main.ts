/**
 * adfw: the command-line interface over the ADF Workbench engine.
 * Exit codes: 0 success, 1 failure (errors found, run failed), 2 usage or internal error.
 */
import { UsageError, stdio, type Command } from './args';

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: { summary: 'Validate factories under a path', load: async () => (await import('./commands/validate')).default },
  lint: { summary: 'Best-practice rules over factories (human, JSON, SARIF)', load: async () => (await import('./commands/lint')).default },
  refs: { summary: 'Who references a resource, transitively', load: async () => (await import('./commands/refs')).default },
  unused: { summary: 'Resources nothing uses', load: async () => (await import('./commands/unused')).default },
  docs: { summary: 'Static documentation site of a factory (HTML, SVG graphs)', load: async () => (await import('./commands/docs')).default },
  eval: { summary: 'Evaluate a pipeline expression', load: async () => (await import('./commands/eval')).default },
  run: { summary: 'Run a pipeline on the local engine', load: async () => (await import('./commands/run')).default },
  runs: { summary: 'List and show recorded local runs', load: async () => (await import('./commands/runs')).default },
  test: { summary: 'Run pipeline tests (*.adftest.json)', load: async () => (await import('./commands/test')).default },
  demo: { summary: 'Cosmos DB copy demo on an embedded local Cosmos DB', load: async () => (await import('./commands/demo')).default },
  publish: { summary: 'Publish local definitions to a factory in Azure', load: async () => (await import('./commands/publish')).default },
  remote: { summary: 'Remote factories: list, run', load: async () => (await import('./commands/remote')).default },
  emulator: { summary: 'Serve the local ARM (Data Factory REST) emulator', load: async () => (await import('./commands/emulator')).default },
  'export-arm': { summary: 'Export an ARM template like ADF publish', load: async () => (await import('./commands/exportArm')).default },
  arm: { summary: 'ARM route: predeploy / postdeploy steps around a template', load: async () => (await import('./commands/arm')).default },
  pull: { summary: 'Write a live factory into the git layout', load: async () => (await import('./commands/pull')).default },
  'test-connection': { summary: 'Connect with a linked service (Cosmos DB, Blob, files)', load: async () => (await import('./commands/testConnection')).default },
  drift: { summary: 'Differences between a folder (stage applied) and a live factory', load: async () => (await import('./commands/drift')).default },
  trigger: { summary: 'Trigger fire times and local firing', load: async () => (await import('./commands/trigger')).default },
  watch: { summary: 'Run blob-event triggers locally', load: async () => (await import('./commands/watch')).default },
  dataflow: { summary: 'Mapping data flows: parse, validate, run, preview', load: async () => (await import('./commands/dataflow')).default },
  fabric: { summary: 'Data Factory in Microsoft Fabric: workspaces, runs, migration check', load: async () => (await import('./commands/fabric')).default },
};

function help(): string {
  const lines = ['Usage: adfw <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(16)} ${c.summary}`);
  lines.push('', 'Run `adfw <command> --help` for the options of a command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdio.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    stdio.out(VERSION);
    return 0;
  }
  const cmd = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!cmd) {
    stdio.err(`adfw: unknown command "${name}".\n${help()}`);
    return 2;
  }
  // A NUL can never be part of a path or a value; reject it before any command turns it into an fs error.
  const nul = rest.findIndex((a) => a.includes('\0'));
  if (nul >= 0) {
    stdio.err(`adfw ${name}: argument ${nul + 1} contains a NUL character; remove it.`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, stdio);
  } catch (e) {
    if (e instanceof UsageError) {
      stdio.err(`adfw ${name}: ${e.message}`);
      return 2;
    }
    stdio.err(`adfw ${name}: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 2;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(String(e?.stack ?? e) + '\n');
      process.exitCode = 2;
    },
  );
}
