/**
 * The JSON Schema of a Fabric `pipeline-content.json`, derived from the ADF pipeline schema by applying the
 * difference table: no resource `name` (the display name is in .platform), `libraryVariables`, connections by id
 * (`externalReferences`), inline `datasetSettings`, the Fabric-only activity types with the typeProperties they
 * require, and no ADF-only types. Written to schemas/fabricPipeline.json by `npm run gen:fabric-schema` (for the editor; a test keeps it current).
 */
import { FABRIC_TYPE_DIFFERENCES, FABRIC_PROPERTY_DIFFERENCES, DATASET_SETTINGS_SITES } from './differences';

type Json = Record<string, any>;

export function fabricPipelineSchema(adfPipelineSchema: object): Json {
  const s: Json = structuredClone(adfPipelineSchema);
  s.$id = 'https://adf-workbench.local/schemas/fabricPipeline.json';
  s.title = 'Microsoft Fabric pipeline (pipeline-content.json)';
  s.description = 'A Data Factory pipeline item of a Microsoft Fabric workspace: the ADF pipeline schema with Fabric\'s differences applied (see the README, "Microsoft Fabric").';
  s.required = ['properties'];
  for (const k of ['id', 'name', 'type', 'etag']) delete s.properties[k];
  const props = s.properties.properties;
  props.properties = {
    ...props.properties,
    libraryVariables: {
      description: 'Variables of the workspace\'s variable libraries this pipeline reads as pipeline().libraryVariables.<name>.',
      type: 'object',
      additionalProperties: { type: 'object', required: ['libraryName', 'variableName'], properties: { libraryName: { type: 'string', description: 'The VariableLibrary item.' }, variableName: { type: 'string' }, type: { type: 'string', examples: ['String', 'Boolean', 'Integer', 'Number', 'DateTime', 'Guid'] } } },
    },
  };
  const defs: Json = s.definitions;
  const activity: Json = defs.Activity;
  const adfOnly = new Set(FABRIC_TYPE_DIFFERENCES.filter((d) => d.status === 'adf-only').map((d) => d.type));
  const fabricOnly = FABRIC_TYPE_DIFFERENCES.filter((d) => d.status === 'fabric-only');
  activity.properties.type.examples = [...activity.properties.type.examples.filter((t: string) => !adfOnly.has(t)), ...fabricOnly.flatMap((d) => [d.type, ...(d.aliases ?? [])])].sort();
  activity.properties.externalReferences = { description: 'The connection the activity uses, by id.', type: 'object', properties: { connection: { type: 'string', description: 'Connection id.' } } };
  activity.allOf = (activity.allOf as Json[]).filter((c) => !adfOnly.has(c.if?.properties?.type?.const));
  for (const d of fabricOnly) {
    for (const t of [d.type, ...(d.aliases ?? [])]) {
      activity.allOf.push({
        if: { properties: { type: { const: t } }, required: ['type'] },
        then: { description: `${t}: ${d.note}.`, properties: { typeProperties: { type: 'object', required: d.required ?? [] } }, required: d.required?.length ? ['typeProperties'] : [] },
      });
    }
  }
  // Properties Fabric writes in place of ADF's (relativeUrl through a connection instead of url): either one.
  for (const d of FABRIC_PROPERTY_DIFFERENCES) {
    const tp: Json | undefined = defs[d.definition]?.properties?.typeProperties;
    if (!tp?.properties) continue;
    tp.properties[d.fabric] = { description: `Fabric: ${d.note}.`, ...(tp.properties[d.adf] ? { anyOf: tp.properties[d.adf].anyOf, type: tp.properties[d.adf].type } : {}) };
    if (tp.properties[d.fabric].anyOf === undefined) delete tp.properties[d.fabric].anyOf;
    if (tp.properties[d.fabric].type === undefined) delete tp.properties[d.fabric].type;
    tp.required = (tp.required ?? []).filter((r: string) => r !== d.adf);
    tp.anyOf = [...(tp.anyOf ?? []), { required: [d.adf] }, { required: [d.fabric] }];
  }
  // Inline dataset settings: a dataset definition without a name, connected by id or by an inline linked service.
  defs.FabricDatasetSettings = {
    description: 'The dataset of this activity, inline (Fabric has no dataset items).',
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string' }, typeProperties: { type: 'object' }, schema: {}, annotations: { type: 'array' }, externalReferences: { $ref: '#/definitions/Activity/properties/externalReferences' }, linkedService: { type: 'object', properties: { name: { type: 'string' }, properties: { type: 'object' } } } },
  };
  s.$comment = `datasetSettings sites: ${DATASET_SETTINGS_SITES.map((x) => `${x.type} ${x.settings.slice(1).join('.')}`).join(', ')}`;
  return s;
}
