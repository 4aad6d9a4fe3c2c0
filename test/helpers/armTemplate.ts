/** ARM templates back to ADF's git layout, and a comparable summary of a template (ARM export tests). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const SEGMENT_TO_FOLDER: Record<string, string> = { pipelines: 'pipeline', datasets: 'dataset', linkedServices: 'linkedService', dataflows: 'dataflow', triggers: 'trigger', integrationRuntimes: 'integrationRuntime' };

/** Turns an exported template back into ADF's git layout: parameters replaced by their defaults, '[[' unescaped. */
export async function templateToGit(template: any, dir: string): Promise<void> {
  const defaults: Record<string, unknown> = {};
  for (const [k, p] of Object.entries<any>(template.parameters)) defaults[k] = p.defaultValue ?? '';
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = /^\[parameters\('([^']+)'\)\]$/.exec(v);
      if (m) return defaults[m[1]];
      return v.startsWith('[[') ? v.slice(1) : v;
    }
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]));
    return v;
  };
  for (const r of template.resources) {
    const seg = String(r.type).split('/').pop()!;
    const folder = SEGMENT_TO_FOLDER[seg];
    if (!folder) continue;
    const name = /'\/(.+)'\)\]$/.exec(r.name)![1];
    await fs.mkdir(path.join(dir, folder), { recursive: true });
    await fs.writeFile(path.join(dir, folder, `${name}.json`), JSON.stringify({ name, properties: restore(r.properties) }, null, 2));
  }
}

export function summary(template: any) {
  const res = template.resources
    .filter((r: any) => r.type !== 'Microsoft.DataFactory/factories')
    .map((r: any) => `${r.type} ${r.name} <- ${[...(r.dependsOn ?? [])].sort().join(', ')}`)
    .sort();
  return { resources: res, parameters: Object.keys(template.parameters).sort() };
}

