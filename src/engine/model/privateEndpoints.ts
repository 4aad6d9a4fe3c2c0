/**
 * Managed private endpoints in ADF's git layout: `managedVirtualNetwork/<vnet>/managedPrivateEndpoint/<name>.json`,
 * one level below the managed virtual network files, so the factory loader (one folder per kind) does not read them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJsonDocument, positionDiagnostic } from '../json';

export interface ManagedPrivateEndpointFile {
  /** The managed virtual network that holds it (folder name). */
  managedVirtualNetwork: string;
  name: string;
  file: string;
  properties: Record<string, unknown>;
}

async function dirs(p: string): Promise<string[]> {
  try {
    return (await fs.readdir(p, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** Reads every managed private endpoint of a factory root; a file that is not valid JSON is an error naming file and position. */
export async function loadManagedPrivateEndpoints(root: string): Promise<ManagedPrivateEndpointFile[]> {
  const out: ManagedPrivateEndpointFile[] = [];
  const base = path.join(root, 'managedVirtualNetwork');
  for (const vnet of await dirs(base)) {
    const folder = path.join(base, vnet, 'managedPrivateEndpoint');
    let names: string[];
    try {
      names = (await fs.readdir(folder)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const file = path.join(folder, n);
      const doc = parseJsonDocument(file, await fs.readFile(file, 'utf8'));
      if (doc.diagnostics.length) {
        const d = positionDiagnostic(doc.diagnostics[0], doc.lines);
        throw new Error(`${file}:${d.line}:${d.column}: ${d.message}`);
      }
      const v = doc.value as Record<string, any> | undefined;
      if (!v || typeof v !== 'object' || Array.isArray(v) || (v.properties !== undefined && (typeof v.properties !== 'object' || Array.isArray(v.properties)))) {
        throw new Error(`${file}:1:1: a managed private endpoint is {"name": ..., "properties": {"privateLinkResourceId", "groupId", ...}}.`);
      }
      out.push({ managedVirtualNetwork: vnet, name: typeof v.name === 'string' && v.name ? v.name : n.replace(/\.json$/i, ''), file, properties: (v.properties ?? {}) as Record<string, unknown> });
    }
  }
  return out;
}
