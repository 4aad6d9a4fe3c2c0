/**
 * Variable libraries: `pipeline().libraryVariables.<alias>` reads the variable a pipeline's `libraryVariables`
 * entry names ({"libraryName", "variableName", "type"}), from the active value set of that library (its own, else
 * the workspace's) when it overrides the variable, else the library's default value (variables.json).
 */
import type { FabricVariableLibrary, FabricWorkspaceInfo } from '../model';

export interface LibraryVariableRef {
  alias: string;
  libraryName?: string;
  variableName?: string;
  type?: string;
}

/** The `libraryVariables` entries a pipeline declares. */
export function libraryVariableRefs(props: Record<string, any>): LibraryVariableRef[] {
  const decl = props?.libraryVariables;
  if (!decl || typeof decl !== 'object' || Array.isArray(decl)) return [];
  return Object.entries(decl as Record<string, any>).map(([alias, v]) => ({
    alias,
    libraryName: typeof v?.libraryName === 'string' ? v.libraryName : undefined,
    variableName: typeof v?.variableName === 'string' ? v.variableName : undefined,
    type: typeof v?.type === 'string' ? v.type : undefined,
  }));
}

export function findLibrary(info: FabricWorkspaceInfo, name: string | undefined): FabricVariableLibrary | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  return info.libraries.find((l) => l.name.toLowerCase() === lower);
}

/** The value of one library variable under a value set (names compare ignoring case, as Fabric does). */
export function libraryVariableValue(lib: FabricVariableLibrary, variableName: string, valueSet: string | undefined): { found: boolean; value?: unknown } {
  const lower = variableName.toLowerCase();
  const v = lib.variables.find((x) => x.name.toLowerCase() === lower);
  if (!v) return { found: false };
  const set = valueSet ? lib.valueSets.find((s) => s.name.toLowerCase() === valueSet.toLowerCase()) : undefined;
  if (set) {
    const key = Object.keys(set.overrides).find((k) => k.toLowerCase() === lower);
    if (key !== undefined) return { found: true, value: set.overrides[key] };
  }
  return { found: true, value: v.value };
}

/** `pipeline().libraryVariables` of a pipeline: every declared alias that resolves. */
export function libraryValues(props: Record<string, any>, info: FabricWorkspaceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ref of libraryVariableRefs(props)) {
    const lib = findLibrary(info, ref.libraryName);
    if (!lib || !ref.variableName) continue;
    const r = libraryVariableValue(lib, ref.variableName, lib.activeValueSet ?? info.valueSet);
    if (r.found) out[ref.alias] = r.value;
  }
  return out;
}

/** One value set name of a workspace, with the libraries that define it (a name can be in several libraries). */
export interface WorkspaceValueSet {
  name: string;
  /** The first description a value set file of this name gives. */
  description?: string;
  libraries: { library: string; file: string; overrides: number }[];
}

/**
 * The value sets of a workspace's variable libraries, merged by name (ignoring case): in the order of the
 * libraries' settings.json `valueSetsOrder`, then by name.
 */
export function workspaceValueSets(info: FabricWorkspaceInfo): WorkspaceValueSet[] {
  const byName = new Map<string, WorkspaceValueSet>();
  const rank = new Map<string, number>();
  for (const lib of info.libraries) {
    (lib.valueSetsOrder ?? []).forEach((n, i) => {
      const k = n.toLowerCase();
      rank.set(k, Math.min(rank.get(k) ?? Infinity, i));
    });
    for (const s of lib.valueSets) {
      const k = s.name.toLowerCase();
      const entry = byName.get(k) ?? { name: s.name, libraries: [] };
      entry.description ??= s.description;
      entry.libraries.push({ library: lib.name, file: s.file, overrides: Object.keys(s.overrides).length });
      byName.set(k, entry);
    }
  }
  const order = (s: WorkspaceValueSet) => rank.get(s.name.toLowerCase()) ?? Infinity;
  return [...byName.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
}
