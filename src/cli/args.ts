/** Small helpers over node:util parseArgs shared by CLI commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses argv strictly; unknown flags and missing values become UsageError with a readable message. Every command
 * also takes --help / -h (see printedHelp).
 */
export function parse<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, ...HELP_OPTION }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional.*$/s, '.')}\nUsage: ${usage}`);
  }
}

/** Writes the command's help when --help / -h was given; the command then returns 0. */
export function printedHelp(values: { help?: boolean }, io: CliIo, text: string): boolean {
  if (!values.help) return false;
  io.out(text);
  return true;
}

/** Parses repeated `name=value` flags into an object. */
export function keyValues(values: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} expects name=value, got "${v}".`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

/** A command returns its exit code. */
export type Command = (argv: string[], io: CliIo) => Promise<number>;
