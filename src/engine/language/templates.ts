/** Starting points for new resources ("New pipeline/dataset from a template"). Pure data builders. */

export interface TemplateChoice {
  id: string;
  label: string;
  description: string;
}

export const PIPELINE_TEMPLATES: TemplateChoice[] = [
  { id: 'empty', label: 'Empty pipeline', description: 'No activities' },
  { id: 'copy', label: 'Copy data', description: 'One Copy activity between two datasets' },
  { id: 'foreach', label: 'Lookup + ForEach', description: 'Look up a list and process each item' },
];

export const DATASET_TEMPLATES: (TemplateChoice & { linkedServiceTypes: string[] })[] = [
  { id: 'CosmosDbSqlApiCollection', label: 'Azure Cosmos DB (NoSQL) container', description: 'CosmosDbSqlApiCollection', linkedServiceTypes: ['CosmosDb'] },
  { id: 'Json', label: 'JSON files in Blob storage', description: 'Json on AzureBlobStorageLocation', linkedServiceTypes: ['AzureBlobStorage'] },
  { id: 'DelimitedText', label: 'CSV files in Blob storage', description: 'DelimitedText on AzureBlobStorageLocation', linkedServiceTypes: ['AzureBlobStorage'] },
  { id: 'Parquet', label: 'Parquet files in Blob storage', description: 'Parquet on AzureBlobStorageLocation', linkedServiceTypes: ['AzureBlobStorage'] },
];

export interface TemplateDataset {
  name: string;
  /** Dataset parameters without a default value: the reference must pass them. */
  required?: string[];
}

function datasetRef(d: TemplateDataset | undefined, fallback: string): Record<string, unknown> {
  const ref: Record<string, unknown> = { referenceName: d?.name ?? fallback, type: 'DatasetReference' };
  if (d?.required?.length) ref.parameters = Object.fromEntries(d.required.map((p) => [p, '']));
  return ref;
}

/** A new pipeline resource. `datasets` gives source/sink datasets for the copy and lookup templates. */
export function pipelineTemplate(name: string, template: string, datasets: { source?: TemplateDataset; sink?: TemplateDataset } = {}): Record<string, unknown> {
  const activities: unknown[] = [];
  if (template === 'copy') {
    activities.push({
      name: 'CopyData',
      type: 'Copy',
      dependsOn: [],
      policy: { timeout: '0.12:00:00', retry: 0, retryIntervalInSeconds: 30, secureOutput: false, secureInput: false },
      userProperties: [],
      typeProperties: { source: { type: 'CosmosDbSqlApiSource' }, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'upsert' }, enableStaging: false },
      inputs: [datasetRef(datasets.source, 'SourceDataset')],
      outputs: [datasetRef(datasets.sink, 'SinkDataset')],
    });
  } else if (template === 'foreach') {
    activities.push(
      {
        name: 'LookupItems',
        type: 'Lookup',
        dependsOn: [],
        typeProperties: { source: { type: 'JsonSource' }, dataset: datasetRef(datasets.source, 'ItemsDataset'), firstRowOnly: false },
      },
      {
        name: 'ForEachItem',
        type: 'ForEach',
        dependsOn: [{ activity: 'LookupItems', dependencyConditions: ['Succeeded'] }],
        typeProperties: {
          items: { value: "@activity('LookupItems').output.value", type: 'Expression' },
          isSequential: true,
          activities: [{ name: 'RememberItem', type: 'AppendVariable', dependsOn: [], typeProperties: { variableName: 'processed', value: { value: '@string(item())', type: 'Expression' } } }],
        },
      },
    );
  }
  const properties: Record<string, unknown> = { activities, annotations: [] };
  if (template === 'foreach') properties.variables = { processed: { type: 'Array' } };
  return { name, properties };
}

/** A new dataset resource of a template type on a linked service. */
export function datasetTemplate(name: string, type: string, linkedService: string): Record<string, unknown> {
  const ls = { referenceName: linkedService, type: 'LinkedServiceReference' };
  const blob = (extra: Record<string, unknown>) => ({ location: { type: 'AzureBlobStorageLocation', container: 'data', fileName: `${name}.${type === 'DelimitedText' ? 'csv' : type.toLowerCase()}` }, ...extra });
  let typeProperties: Record<string, unknown>;
  switch (type) {
    case 'CosmosDbSqlApiCollection':
      typeProperties = { collectionName: name };
      break;
    case 'DelimitedText':
      typeProperties = blob({ columnDelimiter: ',', escapeChar: '\\', firstRowAsHeader: true, quoteChar: '"' });
      break;
    case 'Parquet':
      typeProperties = blob({ compressionCodec: 'snappy' });
      break;
    default:
      typeProperties = blob({});
  }
  return { name, properties: { linkedServiceName: ls, annotations: [], type, typeProperties, schema: type === 'Json' ? {} : [] } };
}

/** Parameters of a dataset that have no default value. */
export function requiredParameters(properties: Record<string, any>): string[] {
  const p = properties.parameters;
  if (!p || typeof p !== 'object') return [];
  return Object.entries(p as Record<string, unknown>)
    .filter(([, v]) => !(v && typeof v === 'object' && 'defaultValue' in v))
    .map(([k]) => k);
}
