/**
 * adfw fabric <subcommand> …: Data Factory in Microsoft Fabric. Each subcommand lives in its own module under
 * ./fabric/ and is loaded only when named, as the top-level commands are.
 */
import { UsageError, type Command } from '../args';

const subcommands: Record<string, { summary: string; load: () => Promise<Command> }> = {};

function help(): string {
  const lines = ['Usage: adfw fabric <subcommand> [options]', '', 'Subcommands:'];
  for (const [name, c] of Object.entries(subcommands)) lines.push(`  ${name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run `adfw fabric <subcommand> --help` for its options.');
  return lines.join('\n');
}

const command: Command = async (argv, io) => {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(help());
    return name ? 0 : 2;
  }
  const sub = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!sub) throw new UsageError(`unknown subcommand "${name}".\n${help()}`);
  return (await sub.load())(rest, io);
};

export default command;
