/**
 * Pull: a live factory written into the git layout, the inverse of publish. Files are written the way ADF's git
 * integration writes them (tab indentation, no final newline, `{name, properties}` plus the ARM `type` for
 * pipelines, datasets, linked services and managed virtual networks, as in the real factories we read); a file
 * whose resource is unchanged is left byte for byte, and a changed file keeps its own indentation, line ends
 * and members, so `git diff` after pulling an untouched factory is empty. Resources gone from the factory have
 * their files deleted.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Factory, Resource } from '../model/types';
import { findResource, loadFactory } from '../model';
import type { RemoteSession } from '../remote/session';
import { REMOTE_KINDS, type RemoteKind } from '../remote';
import type { FactoryRef } from '../remote/operations';
import { normaliseProperties, stableText } from './normalise';
import { readRemoteSnapshot } from './publish';
import { withoutState } from './state';

/** The ARM type ADF's git integration adds at the end of a file, for the kinds it adds it to. */
const GIT_ARM_TYPE: Partial<Record<RemoteKind | 'managedVirtualNetwork', string>> = {
  pipeline: 'Microsoft.DataFactory/factories/pipelines',
  dataset: 'Microsoft.DataFactory/factories/datasets',
  linkedService: 'Microsoft.DataFactory/factories/linkedservices',
  managedVirtualNetwork: 'Microsoft.DataFactory/factories/managedvirtualnetworks',
};

export interface PullResult {
  factory: FactoryRef;
  dir: string;
  written: string[];
  deleted: string[];
  unchanged: number;
}

interface Style {
  indent: string;
  eol: string;
  finalNewline: boolean;
  bom: boolean;
}

const ADF_STYLE: Style = { indent: '\t', eol: '\n', finalNewline: false, bom: false };

function styleOf(text: string | undefined): Style {
  if (text === undefined) return ADF_STYLE;
  const bom = text.charCodeAt(0) === 0xfeff;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)"/.exec(text);
  return { indent: m ? (m[1].startsWith('\t') ? '\t' : m[1]) : '\t', eol, finalNewline: /\n$/.test(text), bom };
}

function format(value: unknown, style: Style): string {
  let s = JSON.stringify(value, null, style.indent);
  if (style.eol !== '\n') s = s.replace(/\n/g, style.eol);
  return (style.bom ? '\uFEFF' : '') + s + (style.finalNewline ? style.eol : '');
}

/** Equality as pull sees it: normalised definitions, plus the runtime state of triggers (kept in git). */
function sameResource(kind: RemoteKind, local: Record<string, unknown>, remote: Record<string, unknown>): boolean {
  if (stableText(normaliseProperties(kind, local)) !== stableText(normaliseProperties(kind, remote))) return false;
  return kind !== 'trigger' || (local.runtimeState ?? 'Stopped') === (remote.runtimeState ?? 'Stopped');
}

function fileBody(kind: RemoteKind, name: string, properties: Record<string, unknown>, existing: Resource | undefined): Record<string, unknown> {
  if (existing?.json) {
    // Keep the file's own members (and their order); replace name and properties.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(existing.json)) out[k] = k === 'properties' ? properties : k === 'name' ? name : v;
    if (!('properties' in out)) out.properties = properties;
    return out;
  }
  const type = GIT_ARM_TYPE[kind];
  return type ? { name, properties, type } : { name, properties };
}

async function write(file: string, text: string, written: string[]): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text, 'utf8');
  await fs.rename(tmp, file);
  written.push(file);
}

/** Pulls the factory `ref` into `dir` (created when missing). */
export async function pullFactory(session: RemoteSession, ref: FactoryRef, dir: string, opts: { signal?: AbortSignal } = {}): Promise<PullResult> {
  const root = path.resolve(dir);
  await fs.mkdir(root, { recursive: true });
  const { snapshot, factoryBody } = await readRemoteSnapshot(session, ref, opts.signal);
  const local: Factory = await loadFactory(root);
  const written: string[] = [];
  const deleted: string[] = [];
  let unchanged = 0;
  for (const kind of REMOTE_KINDS) {
    // Managed private endpoints live in nested folders (managedVirtualNetwork/<vnet>/managedPrivateEndpoint/); pull does not write them yet.
    if (kind === 'managedPrivateEndpoint') continue;
    const seen = new Set<string>();
    for (const r of snapshot.resources[kind]) {
      seen.add(r.name.toLowerCase());
      const existing = findResource(local, kind, r.name);
      const props = r.properties ?? {};
      if (existing?.json && existing.name === r.name && typeof existing.json.properties === 'object' && sameResource(kind, existing.json.properties as Record<string, unknown>, props)) {
        unchanged++;
        continue;
      }
      const file = existing?.file ?? path.join(root, kind, `${r.name}.json`);
      await write(file, format(fileBody(kind, r.name, props, existing), styleOf(existing?.doc.text)), written);
    }
    for (const l of local.resources[kind].values()) {
      if (seen.has(l.name.toLowerCase())) continue;
      await fs.rm(l.file, { force: true });
      deleted.push(l.file);
    }
  }
  // The factory file: location, identity and global parameters (without the deployment state).
  const globals = withoutState(factoryBody?.properties?.globalParameters as Record<string, unknown> | undefined);
  const facRes = [...local.resources.factory.values()][0];
  const currentGlobals = (facRes?.json?.properties as Record<string, unknown> | undefined)?.globalParameters as Record<string, unknown> | undefined;
  const globalsEqual = stableText(normaliseProperties('pipeline', currentGlobals ?? {})) === stableText(normaliseProperties('pipeline', globals ?? {}));
  if (!facRes || !globalsEqual) {
    const hasGlobals = !!globals && Object.keys(globals).length > 0;
    let body: Record<string, unknown>;
    if (facRes?.json) {
      body = { ...facRes.json };
      const props = { ...((body.properties as Record<string, unknown>) ?? {}) };
      if (hasGlobals) props.globalParameters = globals;
      else delete props.globalParameters;
      if (Object.keys(props).length) body.properties = props;
      else delete body.properties;
    } else {
      body = { name: ref.factory, ...(hasGlobals ? { properties: { globalParameters: globals } } : {}), location: factoryBody?.location };
      if (factoryBody?.identity) body.identity = factoryBody.identity;
    }
    await write(facRes?.file ?? path.join(root, 'factory', `${ref.factory}.json`), format(body, styleOf(facRes?.doc.text)), written);
  } else unchanged++;
  return { factory: ref, dir: root, written, deleted, unchanged };
}
