/**
 * adfw eval '<expression>' [--context file.json] [--now ISO] [--seed N] [--json]
 * adfw eval --batch <file.jsonl | -> [--context file.json]
 *
 * Evaluates ADF expressions with the local expression engine. The expression is a JSON string value:
 * '@concat(...)', 'text @{...}', or plain text; a bare call such as "add(1, 2)" (no '@' anywhere) is
 * evaluated as an expression too.
 * Output (--json, and always in batch mode, one line per input line):
 *   {"value": <JSON>}  or  {"error": {"code": "...", "message": "..."}}
 * Exit 0 when every evaluation succeeded, 1 when one failed, 2 for usage errors.
 */
import { readFileSync } from 'node:fs';
import { parse, printedHelp, UsageError, type CliIo, type Command } from '../args';
import { evaluateToJsonText, ExpressionError, parseExpression, type ExprContext } from '../../engine/expr';
import { seededRandom } from '../../engine/run';
import { ExprCodes, formatMessage, JsonCodes } from '../../engine/codes';

const USAGE = "adfw eval '<expression>' [--context file.json] [--now ISO] [--seed N] [--json]  |  adfw eval --batch <file.jsonl|-> [--context file.json]";

const HELP = `Usage: ${USAGE}

Evaluates an ADF pipeline expression locally.
  --context <file|json>  evaluation context: {"parameters", "globalParameters", "variables", "activities",
                         "item", "pipeline", "trigger", "triggerBody", "dataset", "linkedService", "now"}
  --now <ISO 8601>       clock for utcNow() and the relative date functions (overrides the context)
  --seed <n>             seed for rand() and guid() (reproducible results)
  --json                 print {"value": ...} or {"error": {"code", "message"}}
  --batch <file|->       JSON lines {"expression": "...", "context": {...}}; one output line per input line`;

interface Outcome {
  ok: boolean;
  line: string;
}

function errorLine(code: string, message: string): Outcome {
  return { ok: false, line: JSON.stringify({ error: { code, message } }) };
}

/** Plain text with no '@' that parses as an expression (e.g. "add(1, 2)") is evaluated as one. */
function normalize(text: string): string {
  if (text.includes('@')) return text;
  const candidate = `@${text}`;
  const p = parseExpression(candidate);
  return p.diagnostics.length === 0 && p.ast?.kind === 'expression' && p.ast.expr.kind !== 'string' ? candidate : text;
}

function evaluateOne(expression: unknown, ctx: ExprContext): Outcome {
  if (typeof expression !== 'string') return errorLine(JsonCodes.wrongShape, formatMessage(JsonCodes.wrongShape, { what: 'The "expression"', expected: 'a string' }));
  try {
    return { ok: true, line: `{"value":${evaluateToJsonText(normalize(expression), ctx)}}` };
  } catch (e) {
    if (e instanceof ExpressionError) {
      const where = /position \d+/.test(e.message) ? '' : ` (at position ${e.offset}, length ${e.length})`;
      return errorLine(e.code, e.message + where);
    }
    return errorLine(ExprCodes.internal, formatMessage(ExprCodes.internal, { reason: (e as Error)?.message ?? String(e) }));
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Loads --context: a JSON file, or inline JSON starting with '{'. */
function loadContext(arg: string | undefined): ExprContext | Outcome {
  if (arg === undefined) return {};
  let text: string;
  const inline = arg.trimStart().startsWith('{');
  if (inline) text = arg;
  else {
    try {
      text = readFileSync(arg, 'utf8');
    } catch (e) {
      return errorLine(JsonCodes.unreadable, formatMessage(JsonCodes.unreadable, { file: arg, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message }, 'contextFile'));
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return errorLine(JsonCodes.invalidJson, formatMessage(JsonCodes.invalidJson, { what: inline ? 'argument' : `file '${arg}'`, reason: (e as Error).message }, 'context'));
  }
  if (!isObject(value)) return errorLine(JsonCodes.wrongShape, formatMessage(JsonCodes.wrongShape, { what: `The context ${inline ? 'argument' : `file '${arg}'`}`, expected: 'a JSON object like {"parameters": {...}, "variables": {...}}' }));
  return value as ExprContext;
}

function withOptions(ctx: ExprContext, now: string | undefined, seed: number | undefined): ExprContext {
  const out: ExprContext = { ...ctx };
  if (now !== undefined) out.now = now;
  if (seed !== undefined) out.random = seededRandom(seed);
  return out;
}

async function readBatch(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the batch file '${file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
}

function runBatch(text: string, base: ExprContext, now: string | undefined, seed: number | undefined, io: CliIo): number {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let failed = false;
  lines.forEach((raw, i) => {
    const n = i + 1;
    let outcome: Outcome;
    let entry: unknown;
    try {
      entry = JSON.parse(i === 0 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
    } catch (e) {
      entry = e as Error;
    }
    if (entry instanceof Error) outcome = errorLine(JsonCodes.invalidJson, formatMessage(JsonCodes.invalidJson, { line: n, reason: entry.message }, 'batchLine'));
    else if (!isObject(entry) || typeof entry.expression !== 'string') {
      outcome = errorLine(JsonCodes.wrongShape, formatMessage(JsonCodes.wrongShape, { what: `Line ${n}`, expected: 'a JSON object with a string "expression" (and an optional "context" object)' }));
    } else if (entry.context !== undefined && entry.context !== null && !isObject(entry.context)) {
      outcome = errorLine(JsonCodes.wrongShape, formatMessage(JsonCodes.wrongShape, { what: `Line ${n}: "context"`, expected: 'a JSON object' }));
    } else {
      const ctx = withOptions({ ...base, ...((entry.context as ExprContext | undefined) ?? {}) }, now, seed);
      outcome = evaluateOne(entry.expression, ctx);
    }
    if (!outcome.ok) failed = true;
    io.out(outcome.line);
  });
  return failed ? 1 : 0;
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      context: { type: 'string' },
      batch: { type: 'string' },
      now: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (printedHelp(values, io, HELP)) return 0;
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed expects an integer, got "${values.seed}".\nUsage: ${USAGE}`);
  }
  const ctx = loadContext(values.context);
  if (values.batch !== undefined) {
    if (positionals.length) throw new UsageError(`--batch takes no expression argument.\nUsage: ${USAGE}`);
    const text = await readBatch(values.batch);
    if ('line' in ctx) {
      // The shared context is unusable: every line fails with that error, one line each.
      const lines = text.split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      for (let i = 0; i < lines.length; i++) io.out(ctx.line);
      return 1;
    }
    return runBatch(text, ctx as ExprContext, values.now, seed, io);
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one expression (quote it for the shell).\nUsage: ${USAGE}`);
  const outcome = 'line' in ctx ? (ctx as Outcome) : evaluateOne(positionals[0], withOptions(ctx as ExprContext, values.now, seed));
  if (values.json) io.out(outcome.line);
  else {
    const parsed = JSON.parse(outcome.line) as { value?: unknown; error?: { code: string; message: string } };
    if (outcome.ok) io.out(outcome.line.slice('{"value":'.length, -1));
    else io.err(`error ${parsed.error!.code}: ${parsed.error!.message}`);
  }
  return outcome.ok ? 0 : 1;
};

export default command;
