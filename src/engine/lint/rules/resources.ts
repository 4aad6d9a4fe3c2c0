/** Rules on whole resources: unused ones, pipelines nothing starts, descriptions, naming conventions. */
import { pipelineActivities, RESOURCE_KINDS, type Resource, type ResourceKind } from '../../model';
import type { LintRule } from '../types';

const KIND_NAMES: Record<string, string> = {
  pipeline: 'Pipeline',
  dataset: 'Dataset',
  linkedService: 'Linked service',
  dataflow: 'Data flow',
  integrationRuntime: 'Integration runtime',
  credential: 'Credential',
  managedVirtualNetwork: 'Managed virtual network',
  trigger: 'Trigger',
};

function resourceOf(kind: ResourceKind, name: string, byKind: Record<ResourceKind, Map<string, Resource>>): Resource | undefined {
  return byKind[kind].get(name);
}

export const unusedResource: LintRule = {
  meta: {
    id: 'unused-resource',
    defaultSeverity: 'warning',
    summary: 'Datasets, linked services, data flows, integration runtimes and credentials that nothing references.',
    rationale: 'Unused resources are still published and deployed: they keep credentials and connections alive, show up in every review and make the factory harder to understand.',
    docs: 'Delete the resource, or reference it from the pipeline that needs it; `adfw refs` and `adfw unused` show what references what.',
    defaultOptions: {},
  },
  check(ctx) {
    for (const u of ctx.unused()) {
      if (u.kind === 'pipeline') continue;
      const r = resourceOf(u.kind, u.name, ctx.factory.resources);
      if (!r) continue;
      const maybe = u.maybeDynamic ? ` (references of this kind with expression names exist in the factory: it may still be used at run time)` : '';
      ctx.report({ resource: r, path: ['name'], message: `${KIND_NAMES[u.kind] ?? u.kind} '${u.name}' is not referenced by any resource of the factory${maybe}.` });
    }
  },
};

export const unreachablePipeline: LintRule = {
  meta: {
    id: 'unreachable-pipeline',
    defaultSeverity: 'info',
    summary: 'Pipelines that no trigger starts and no ExecutePipeline activity calls.',
    rationale: 'A pipeline nothing starts runs only by hand or from outside the factory; when neither is intended it is dead code that still gets deployed and maintained.',
    docs: 'Attach a trigger, call it from another pipeline, or delete it; for pipelines started from outside (an orchestrator, the REST API), suppress the finding with the reason.',
    defaultOptions: {},
  },
  check(ctx) {
    for (const u of ctx.unused()) {
      if (u.kind !== 'pipeline') continue;
      const r = ctx.factory.resources.pipeline.get(u.name);
      if (r) ctx.report({ resource: r, path: ['name'], message: `Pipeline '${u.name}' is not started by any trigger and not called by any ExecutePipeline activity.` });
    }
  },
};

export const missingDescription: LintRule = {
  meta: {
    id: 'missing-description',
    defaultSeverity: 'info',
    summary: 'Resources without a description.',
    rationale: 'The description is what ADF Studio, the monitor and generated documentation show next to a name; without it the purpose of a resource lives only in its author\'s head.',
    docs: 'Add properties.description (one sentence: what it does and for whom); choose the kinds checked with the option `kinds`.',
    defaultOptions: { kinds: ['pipeline', 'dataset', 'linkedService', 'dataflow', 'trigger'] },
  },
  check(ctx) {
    const kinds = ((ctx.options.kinds as string[]) ?? []).filter((k): k is ResourceKind => (RESOURCE_KINDS as readonly string[]).includes(k));
    for (const kind of kinds) {
      for (const r of ctx.factory.resources[kind].values()) {
        if (r.derived) continue;
        const d = r.properties.description;
        if (typeof d === 'string' && d.trim()) continue;
        ctx.report({ resource: r, path: r.json && 'properties' in r.json ? ['properties'] : ['name'], message: `${KIND_NAMES[kind] ?? kind} '${r.name}' has no description.` });
      }
    }
  },
};

export const namingConvention: LintRule = {
  meta: {
    id: 'naming-convention',
    defaultSeverity: 'warning',
    summary: 'Resource names that do not match the configured pattern of their kind.',
    rationale: 'A naming convention (PL_ for pipelines, DS_ for datasets, ...) makes kinds, sources and layers readable in ADF Studio, the monitor and ARM templates, where only the name is shown.',
    docs: 'Rename the resource (and its references), or change the pattern: option `patterns` maps a kind (pipeline, dataset, linkedService, dataflow, trigger, integrationRuntime, activity) to a regular expression. No patterns are set by default.',
    defaultOptions: { patterns: {} },
  },
  check(ctx) {
    const patterns = (ctx.options.patterns ?? {}) as Record<string, string>;
    for (const [kind, source] of Object.entries(patterns)) {
      let re: RegExp;
      try {
        re = new RegExp(source, 'u');
      } catch {
        continue; // the configuration loader reports invalid patterns
      }
      if (kind === 'activity') {
        for (const p of ctx.factory.resources.pipeline.values()) {
          for (const a of pipelineActivities(p)) {
            if (!re.test(a.name)) ctx.report({ resource: p, path: [...a.path, 'name'], activity: a.name, message: `Activity name '${a.name}' does not match the naming pattern /${source}/ for activities.` });
          }
        }
        continue;
      }
      if (!(RESOURCE_KINDS as readonly string[]).includes(kind)) continue;
      for (const r of ctx.factory.resources[kind as ResourceKind].values()) {
        if (r.derived) continue;
        if (!re.test(r.name)) ctx.report({ resource: r, path: ['name'], message: `${KIND_NAMES[kind] ?? kind} name '${r.name}' does not match the naming pattern /${source}/ for ${kind}.` });
      }
    }
  },
};
