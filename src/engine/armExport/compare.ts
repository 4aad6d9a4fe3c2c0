/**
 * Structural comparison of two resolved factory templates: the same resources (by type and name),
 * the same `dependsOn` (as sets), the same properties once parameters are resolved (object key order
 * ignored, array order kept), and the same template parameters (name, type, default value,
 * metadata) and parameter-file values.
 */
import type { ResolvedTemplate } from './resolve';

export interface TemplateDifference {
  /** `resource <key>`, `parameter <name>`, … */
  where: string;
  message: string;
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return 'absent';
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** Paths where two JSON values differ (object key order ignored), at most `limit`. */
export function jsonDifferences(a: unknown, b: unknown, at = '', out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (a === b) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${at || '(root)'}: ${a.length} element(s) expected, ${b.length} found`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) jsonDifferences(a[i], b[i], `${at}[${i}]`, out, limit);
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    for (const k of ka) {
      const p = at ? `${at}.${k}` : k;
      if (!(k in (b as object))) out.push(`${p}: expected ${describe((a as any)[k])}, absent`);
      else jsonDifferences((a as any)[k], (b as any)[k], p, out, limit);
      if (out.length >= limit) return out;
    }
    for (const k of kb) if (!(k in (a as object))) out.push(`${at ? `${at}.${k}` : k}: not expected, found ${describe((b as any)[k])}`);
    return out;
  }
  out.push(`${at || '(root)'}: expected ${describe(a)}, found ${describe(b)}`);
  return out;
}

const lowerType = (t: unknown) => String(t ?? '').toLowerCase();

/** Differences of `actual` from `expected`. */
export function compareResolvedTemplates(expected: ResolvedTemplate, actual: ResolvedTemplate): TemplateDifference[] {
  const diffs: TemplateDifference[] = [];
  const exp = new Map(expected.resources.map((r) => [r.key, r]));
  const act = new Map(actual.resources.map((r) => [r.key, r]));
  for (const [key, e] of exp) {
    const a = act.get(key);
    const where = `resource ${key}`;
    if (!a) {
      diffs.push({ where, message: 'missing' });
      continue;
    }
    if (e.apiVersion !== a.apiVersion) diffs.push({ where, message: `apiVersion: expected ${e.apiVersion}, found ${a.apiVersion}` });
    const ed = [...new Set(e.dependsOn)].sort();
    const ad = [...new Set(a.dependsOn)].sort();
    const missingDeps = ed.filter((d) => !ad.includes(d));
    const extraDeps = ad.filter((d) => !ed.includes(d));
    if (missingDeps.length) diffs.push({ where, message: `dependsOn lacks ${missingDeps.join(', ')}` });
    if (extraDeps.length) diffs.push({ where, message: `dependsOn has extra ${extraDeps.join(', ')}` });
    for (const d of jsonDifferences(e.properties, a.properties, 'properties')) diffs.push({ where, message: d });
  }
  for (const key of act.keys()) if (!exp.has(key)) diffs.push({ where: `resource ${key}`, message: 'not expected' });

  for (const [name, e] of Object.entries(expected.parameters)) {
    const where = `parameter ${name}`;
    const a = actual.parameters[name];
    if (!a) {
      diffs.push({ where, message: 'missing' });
      continue;
    }
    if (lowerType(e.type) !== lowerType(a.type)) diffs.push({ where, message: `type: expected ${e.type}, found ${a.type}` });
    for (const d of jsonDifferences(e.defaultValue, a.defaultValue, 'defaultValue')) diffs.push({ where, message: d });
    for (const d of jsonDifferences(e.metadata, a.metadata, 'metadata')) diffs.push({ where, message: d });
  }
  for (const name of Object.keys(actual.parameters)) if (!(name in expected.parameters)) diffs.push({ where: `parameter ${name}`, message: 'not expected' });

  if (expected.parameterValues && actual.parameterValues) {
    for (const [name, v] of Object.entries(expected.parameterValues)) {
      if (!(name in actual.parameterValues)) {
        if (name in actual.parameters) diffs.push({ where: `parameters file ${name}`, message: 'missing' });
        continue;
      }
      for (const d of jsonDifferences(v, actual.parameterValues[name], 'value')) diffs.push({ where: `parameters file ${name}`, message: d });
    }
    for (const name of Object.keys(actual.parameterValues)) if (!(name in expected.parameterValues) && name in expected.parameters) diffs.push({ where: `parameters file ${name}`, message: 'not expected' });
  }
  return diffs;
}
