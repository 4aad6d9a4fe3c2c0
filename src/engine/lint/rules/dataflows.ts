/** Data flow sources that can neither drift nor know their schema. */
import { documentOf, findCall, optionValue } from '../../dataflow';
import { findResource } from '../../model';
import type { LintRule } from '../types';

function datasetHasSchema(ds: { properties: Record<string, any> } | undefined): boolean {
  if (!ds) return false;
  const { schema, structure } = ds.properties;
  return (Array.isArray(schema) && schema.length > 0) || (Array.isArray(structure) && structure.length > 0);
}

export const schemaDrift: LintRule = {
  meta: {
    id: 'dataflow-schema-drift',
    defaultSeverity: 'warning',
    summary: 'Data flow sources with allowSchemaDrift off and no schema (no projection in the source, none in its dataset).',
    rationale:
      'With schema drift off a source passes on only the columns of its projection; a source with no projection and a schema-less dataset then has no columns to pass, so the data flow fails or silently drops every column when it runs.',
    docs: 'Turn on allowSchemaDrift for the source, or import the projection (output(...) in the source, or the dataset schema).',
    defaultOptions: {},
  },
  check(ctx) {
    for (const df of ctx.factory.resources.dataflow.values()) {
      if (df.type && df.type !== 'MappingDataFlow') continue;
      const doc = documentOf(df);
      const sources = Array.isArray(doc.typeProperties.sources) ? (doc.typeProperties.sources as any[]) : [];
      for (const n of doc.graph.nodes) {
        if (n.op !== 'source' || optionValue(n.options.allowSchemaDrift) !== false) continue;
        if (findCall(n.args, 'output')) continue;
        const entry = sources.find((s) => s && s.name === n.name);
        const dsName = entry?.dataset?.referenceName;
        if (typeof dsName === 'string' && datasetHasSchema(findResource(ctx.factory, 'dataset', dsName))) continue;
        const start = doc.fileOffset(n.statement.nameSpan.start);
        const end = doc.fileOffset(n.statement.nameSpan.end);
        ctx.report({
          resource: df,
          path: ['properties', 'typeProperties'],
          offset: start,
          length: start !== undefined && end !== undefined ? Math.max(1, end - start) : undefined,
          message: `Source '${n.name}' of data flow '${df.name}' has allowSchemaDrift off and no schema: no projection in the source${typeof dsName === 'string' ? ` and none in dataset '${dsName}'` : ''}. Turn on schema drift or import the projection.`,
        });
      }
    }
  },
};
