/**
 * Connection overrides for local runs: a JSON file mapping linked service names to property overrides, with
 * ${env:NAME} substitution so that secrets stay in the environment, not in files.
 *
 *   { "CosmosLS": { "connectionString": "${env:COSMOS_CONN}" },
 *     "KeyVaultLS": { "secrets": { "sql-password": "${env:SQL_PASSWORD}" } } }
 */
import { formatMessage } from '../codes';
import { promises as fs } from 'node:fs';
import { parseJsonDocument } from '../json';
import { RunErrorCodes, RunSetupError } from './errors';

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces ${env:NAME} in every string of a value; a missing variable is an error naming it and where it is used. */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, where: string): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new RunSetupError(formatMessage(RunErrorCodes.envVariable, { where, name }), RunErrorCodes.envVariable);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env, `${where}.${k}`);
    return out;
  }
  return value;
}

/** Reads a connections file: JSON (comments allowed), an object of objects, ${env:X} substituted. */
export async function loadConnections(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, Record<string, unknown>>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new RunSetupError(formatMessage(RunErrorCodes.connections, { file, reason: (e as Error).message }), RunErrorCodes.connections);
  }
  const doc = parseJsonDocument(file, text);
  const err = doc.diagnostics.find((d) => d.severity === 'error');
  if (err) {
    const line = text.slice(0, err.offset).split('\n').length;
    throw new RunSetupError(formatMessage(RunErrorCodes.connections, { file, line, reason: err.message }, 'syntax'), RunErrorCodes.connections);
  }
  const v = doc.value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RunSetupError(formatMessage(RunErrorCodes.connections, { file }, 'notObject'), RunErrorCodes.connections);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, overrides] of Object.entries(v as Record<string, unknown>)) {
    if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) throw new RunSetupError(formatMessage(RunErrorCodes.connections, { file, name }, 'entry'), RunErrorCodes.connections);
    out[name] = substituteEnv(overrides, env, `${file}: ${name}`) as Record<string, unknown>;
  }
  return out;
}
