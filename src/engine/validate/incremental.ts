/**
 * Incremental validation for editors and watchers: keeps the reference graph and each file's diagnostics, and on
 * a file change re-validates only that file and the files whose diagnostics can depend on it (those referencing
 * its old or new name, files defining the same name, unresolved references to its kind when names change, every
 * pipeline when the factory's global parameters change). The result always equals a full `validateFactory` of the same files (test/unit/validate/incremental*.test.ts
 * checks it on random edits).
 */
import type { Diagnostic } from '../diagnostics';
import {
  addResourceText,
  buildReferenceGraph,
  findResource,
  referencesTo,
  removeFileReferences,
  removeResourceFile,
  resourceOfFile,
  resourcesOfFiles,
  updateResourceReferences,
  RESOURCE_KINDS,
  type Factory,
  type ReferenceGraph,
  type Resource,
  type ResourceKind,
} from '../model';
import { sortDiagnostics, validateResource } from './factory';

export class IncrementalValidator {
  private readonly graph: ReferenceGraph;
  private readonly perFile = new Map<string, Diagnostic[]>();

  constructor(readonly factory: Factory) {
    this.graph = buildReferenceGraph(factory);
    for (const r of this.registered()) this.perFile.set(r.file, validateResource(factory, this.graph, r));
  }

  /** The reference graph, kept current (for navigation and find-references). */
  get references(): ReferenceGraph {
    return this.graph;
  }

  /** Applies a file's new text; returns the files that were re-validated. */
  update(kind: ResourceKind, file: string, text: string): string[] {
    const before = resourceOfFile(this.factory, file);
    addResourceText(this.factory, kind, file, text);
    return this.refresh(file, before);
  }

  /** Forgets a deleted file; returns the files that were re-validated. */
  remove(file: string): string[] {
    const before = resourceOfFile(this.factory, file);
    removeResourceFile(this.factory, file);
    return this.refresh(file, before);
  }

  /** Every diagnostic of the factory (load + per-file), sorted. */
  diagnostics(): Diagnostic[] {
    return sortDiagnostics([...this.factory.diagnostics, ...[...this.perFile.values()].flat()]);
  }

  /** Diagnostics of one file. */
  diagnosticsOf(file: string): Diagnostic[] {
    return sortDiagnostics([...this.factory.diagnostics.filter((d) => d.file === file), ...(this.perFile.get(file) ?? [])]);
  }

  private refresh(file: string, before: Resource | undefined): string[] {
    const after = resourceOfFile(this.factory, file);
    // Files whose registration can change with this one: the file itself and every file defining its old or new name
    // (a duplicate becomes the one that counts, or stops counting). Their references follow the registered resource.
    const names = new Set([before, after].filter((r): r is Resource => !!r).map((r) => `${r.kind}:${r.name.toLowerCase()}`));
    const sameName = new Set<string>([file]);
    for (const r of resourcesOfFiles(this.factory)) if (names.has(`${r.kind}:${r.name.toLowerCase()}`)) sameName.add(r.file);
    for (const f of sameName) {
      removeFileReferences(this.graph, f);
      const r = resourceOfFile(this.factory, f);
      if (r && this.factory.resources[r.kind].get(r.name) === r) updateResourceReferences(this.graph, r);
    }
    const affected = new Set<string>(sameName);
    for (const r of [before, after]) if (r) for (const ref of referencesTo(this.graph, r.kind, r.name)) affected.add(ref.from.file);
    // When the names of a kind change, unresolved references to that kind may get a different "did you mean".
    const namesChanged = !before || !after || before.kind !== after.kind || before.name.toLowerCase() !== after.name.toLowerCase();
    if (namesChanged) {
      for (const r of [before, after]) {
        if (!r) continue;
        const prefix = `${r.kind}:`;
        for (const [key, refs] of this.graph.incoming) {
          if (key.startsWith(prefix) && !findResource(this.factory, r.kind, refs[0].to.name)) for (const ref of refs) affected.add(ref.from.file);
        }
      }
    }
    const kind = after?.kind ?? before?.kind;
    if (kind === 'factory' || kind === 'globalParameters') for (const p of this.factory.resources.pipeline.values()) affected.add(p.file);
    for (const f of affected) {
      const r = resourceOfFile(this.factory, f);
      if (r && this.factory.resources[r.kind].get(r.name) === r) this.perFile.set(f, validateResource(this.factory, this.graph, r));
      else this.perFile.delete(f);
    }
    return [...affected];
  }

  private registered(): Resource[] {
    return RESOURCE_KINDS.flatMap((k) => [...this.factory.resources[k].values()]).filter((r) => !r.derived);
  }
}
