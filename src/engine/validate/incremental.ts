/**
 * Incremental validation for editors and watchers: keeps the reference graph and each file's diagnostics, and on
 * a file change re-validates only that file and the files whose diagnostics can depend on it (those referencing
 * its old or new name; every pipeline when the factory's global parameters change). The result always equals a
 * full `validateFactory` of the same files.
 */
import type { Diagnostic } from '../diagnostics';
import { addResourceText, removeResourceFile } from '../model';
import { buildReferenceGraph, referencesTo, removeFileReferences, updateResourceReferences, type ReferenceGraph } from '../model';
import { RESOURCE_KINDS, type Factory, type Resource, type ResourceKind } from '../model';
import { sortDiagnostics, validateResource } from './factory';

export class IncrementalValidator {
  private readonly graph: ReferenceGraph;
  private readonly perFile = new Map<string, Diagnostic[]>();

  constructor(readonly factory: Factory) {
    this.graph = buildReferenceGraph(factory);
    for (const r of this.resources()) this.perFile.set(r.file, validateResource(factory, this.graph, r));
  }

  /** Applies a file's new text; returns the files that were re-validated. */
  update(kind: ResourceKind, file: string, text: string): string[] {
    const before = this.resourceOfFile(file);
    addResourceText(this.factory, kind, file, text);
    return this.refresh(file, before, kind);
  }

  /** Forgets a deleted file; returns the files that were re-validated. */
  remove(file: string): string[] {
    const before = this.resourceOfFile(file);
    removeResourceFile(this.factory, file);
    return this.refresh(file, before, before?.kind);
  }

  /** Every diagnostic of the factory (load + per-file), sorted. */
  diagnostics(): Diagnostic[] {
    return sortDiagnostics([...this.factory.diagnostics, ...[...this.perFile.values()].flat()]);
  }

  /** Diagnostics of one file. */
  diagnosticsOf(file: string): Diagnostic[] {
    return sortDiagnostics([...this.factory.diagnostics.filter((d) => d.file === file), ...(this.perFile.get(file) ?? [])]);
  }

  private refresh(file: string, before: Resource | undefined, kind: ResourceKind | undefined): string[] {
    const after = this.resourceOfFile(file);
    removeFileReferences(this.graph, file);
    if (after) updateResourceReferences(this.graph, after);
    const affected = new Set<string>([file]);
    for (const r of [before, after]) {
      if (!r) continue;
      for (const ref of referencesTo(this.graph, r.kind, r.name)) affected.add(ref.from.file);
      // A resource of the same name in another file (a duplicate) may now be the one that counts.
      for (const other of this.factory.resources[r.kind].values()) if (other.name.toLowerCase() === r.name.toLowerCase()) affected.add(other.file);
    }
    if (kind === 'factory' || kind === 'globalParameters') for (const p of this.factory.resources.pipeline.values()) affected.add(p.file);
    if (before && after === undefined) this.perFile.delete(file);
    const byFile = new Map(this.resources().map((r) => [r.file, r]));
    for (const f of affected) {
      const r = byFile.get(f);
      if (r) this.perFile.set(f, validateResource(this.factory, this.graph, r));
      else this.perFile.delete(f);
    }
    return [...affected];
  }

  private resourceOfFile(file: string): Resource | undefined {
    for (const k of RESOURCE_KINDS) for (const r of this.factory.resources[k].values()) if (r.file === file) return r;
    return undefined;
  }

  private resources(): Resource[] {
    return RESOURCE_KINDS.flatMap((k) => [...this.factory.resources[k].values()]);
  }
}
