/** Graph spec of a pipeline file: built from the live text, statuses from the latest run of the pipeline, coverage from the latest coverage run. */
import * as vscode from 'vscode';
import type { Factory, Resource } from '../../engine/model';
import { resourceFromText } from '../../engine/model';
import { pipelineGraph, nodeIdOf } from '../../engine/graph';
import type { AdfServices } from '../api';
import type { GraphSourceSpec } from './graphPanel';
import { loadCoverage } from '../engineModules';
import { latestCoverage } from '../testing/coverageStore';

export function pipelineGraphSpec(services: AdfServices, factory: Factory, resource: Resource): GraphSourceSpec {
  return {
    uri: vscode.Uri.file(resource.file),
    title: resource.name,
    build(text) {
      const r = resourceFromText('pipeline', resource.file, text).resource ?? resource;
      return pipelineGraph(r);
    },
    async statuses() {
      const last = services.runs.lastRunOf(factory, resource.name);
      if (!last) return {};
      const result = await services.runs.get(last.runId);
      if (!result) return {};
      const model = pipelineGraph(services.index.resourceFor(vscode.Uri.file(resource.file)) ?? resource);
      const out: Record<string, string> = {};
      // Later activity runs (e.g. later ForEach iterations) win; a failure anywhere marks the node Failed.
      for (const ar of [...result.activityRuns].sort((a, b) => (a.activityRunStart ?? '').localeCompare(b.activityRunStart ?? ''))) {
        const id = nodeIdOf(ar['adfw:parents'], ar.activityName, model);
        if (id && out[id] !== 'Failed') out[id] = ar.status;
      }
      return out;
    },
    async coverage() {
      const report = latestCoverage.get();
      if (!report) return undefined;
      // The coverage chunk is loaded already: a coverage run produced the report.
      const cov = await loadCoverage();
      const pc = cov.pipelineCoverageOf(report, resource.file);
      return pc ? cov.graphCoverage(pipelineGraph(services.index.resourceFor(vscode.Uri.file(resource.file)) ?? resource), pc) : undefined;
    },
    onDidChange: latestCoverage.onDidChange,
  };
}
