/**
 * `.adfwlint.json`: which rules run, at which severity, with which options, per path, and which findings are
 * suppressed (with a reason). Found next to the factory or in a parent folder (up to the repository root), or
 * given with --config. Checked against schemas/adfwlint.schema.json; every problem names the file, the position and
 * the fix.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { nodeAt, parseJsonDocument, rangeAt, type JsonDocument } from '../json';
import schema from '../../../schemas/adfwlint.schema.json';
import { RULES, ruleById } from './rules';
import type { RuleLevel } from './types';

export const CONFIG_FILE = '.adfwlint.json';

export interface RuleSetting {
  severity: RuleLevel;
  options: Record<string, unknown>;
}

export interface ConfigSuppression {
  rule: string;
  /** `kind/name` of the resource. */
  resource?: string;
  /** Globs relative to the config file's folder. */
  files?: string[];
  activity?: string;
  reason: string;
}

export interface LintConfig {
  /** The config file, when one was found. */
  file?: string;
  /** Folder globs are relative to (the config file's folder, else the factory root). */
  dir: string;
  rules: Record<string, RuleSetting>;
  overrides: { files: string[]; rules: Record<string, Partial<RuleSetting>> }[];
  suppressions: ConfigSuppression[];
}

export class LintConfigError extends Error {
  constructor(
    message: string,
    public readonly file: string,
    public readonly line: number,
    public readonly column: number,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'LintConfigError';
  }
}

/** The defaults: every rule at its default severity with its default options. */
export function defaultConfig(dir: string): LintConfig {
  return { dir, rules: Object.fromEntries(RULES.map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...r.meta.defaultOptions } }])), overrides: [], suppressions: [] };
}

type RuleValue = RuleLevel | { severity?: RuleLevel; options?: Record<string, unknown> };

function settingOf(value: RuleValue): Partial<RuleSetting> {
  return typeof value === 'string' ? { severity: value } : { severity: value.severity, options: value.options };
}

let validator: ReturnType<Ajv['compile']> | undefined;

function fail(doc: JsonDocument, p: (string | number)[], message: string, atKey = false): never {
  const keyNode = atKey ? nodeAt(doc, p)?.parent?.children?.[0] : undefined;
  const offset = keyNode ? keyNode.offset : rangeAt(doc, p).offset;
  const pos = doc.lines.position(offset);
  throw new LintConfigError(message, doc.file, pos.line, pos.column);
}

/** Parses and checks a configuration text. Throws LintConfigError naming the position and the fix. */
export function parseLintConfig(file: string, text: string): LintConfig {
  const doc = parseJsonDocument(file, text);
  const syntax = doc.diagnostics.find((d) => d.severity === 'error');
  if (syntax) {
    const pos = doc.lines.position(syntax.offset);
    throw new LintConfigError(`${syntax.message} (${CONFIG_FILE} is JSON; comments are allowed).`, file, pos.line, pos.column);
  }
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema as object);
  if (!validator(doc.value)) {
    const e = validator.errors![0];
    const p = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const extraName = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const extra = extraName !== undefined ? ` "${extraName}"` : '';
    const rules = (p[0] === 'rules' || p[2] === 'rules') && p.length % 2 === 1 ? ` Known rules: ${RULES.map((r) => r.meta.id).join(', ')}.` : '';
    fail(doc, extraName !== undefined ? [...p, extraName] : p, `${e.instancePath || '(root)'} ${e.message}${extra}.${extraName !== undefined ? ` Remove it or fix its spelling.${rules}` : ''} See schemas/adfwlint.schema.json.`, extraName !== undefined);
  }
  const value = doc.value as { rules?: Record<string, RuleValue>; overrides?: { files: string | string[]; rules: Record<string, RuleValue> }[]; suppressions?: (Omit<ConfigSuppression, 'files'> & { files?: string | string[] })[] };
  const config = defaultConfig(path.dirname(file));
  config.file = file;
  for (const [id, v] of Object.entries(value.rules ?? {})) {
    const s = settingOf(v);
    const base = config.rules[id];
    config.rules[id] = { severity: s.severity ?? base.severity, options: { ...base.options, ...(s.options ?? {}) } };
  }
  (value.overrides ?? []).forEach((o, i) => {
    const rules: Record<string, Partial<RuleSetting>> = {};
    for (const [id, v] of Object.entries(o.rules)) rules[id] = settingOf(v);
    config.overrides.push({ files: Array.isArray(o.files) ? o.files : [o.files], rules });
    void i;
  });
  (value.suppressions ?? []).forEach((s, i) => {
    if (!ruleById(s.rule)) fail(doc, ['suppressions', i, 'rule'], `unknown rule "${s.rule}" in a suppression. Known rules: ${RULES.map((r) => r.meta.id).join(', ')}.`);
    config.suppressions.push({ ...s, files: s.files === undefined ? undefined : Array.isArray(s.files) ? s.files : [s.files] });
  });
  // Naming patterns must be valid regular expressions.
  const checkPatterns = (setting: Partial<RuleSetting> | undefined, p: (string | number)[]) => {
    for (const [kind, src] of Object.entries((setting?.options?.patterns ?? {}) as Record<string, string>)) {
      try {
        new RegExp(src, 'u');
      } catch (e) {
        fail(doc, [...p, 'options', 'patterns', kind], `the naming pattern for ${kind} is not a valid regular expression: ${(e as Error).message}.`);
      }
    }
  };
  const rawRule = (v: RuleValue | undefined) => (v && typeof v === 'object' ? v : undefined);
  checkPatterns(rawRule(value.rules?.['naming-convention']), ['rules', 'naming-convention']);
  (value.overrides ?? []).forEach((o, i) => checkPatterns(rawRule(o.rules['naming-convention']), ['overrides', i, 'rules', 'naming-convention']));
  return config;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Finds the configuration for a factory: `.adfwlint.json` in its root or the nearest parent (stopping at a git root). */
export async function findLintConfig(factoryRoot: string): Promise<string | undefined> {
  let dir = path.resolve(factoryRoot);
  for (let i = 0; i < 32; i++) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (await exists(candidate)) return candidate;
    if (await exists(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Loads the configuration of a factory (explicit file, else the nearest one, else the defaults). */
export async function loadLintConfig(factoryRoot: string, explicit?: string): Promise<LintConfig> {
  const file = explicit ? path.resolve(explicit) : await findLintConfig(factoryRoot);
  if (!file) return defaultConfig(path.resolve(factoryRoot));
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new LintConfigError(`cannot read the configuration (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, file, 1, 1);
  }
  return parseLintConfig(file, text);
}
