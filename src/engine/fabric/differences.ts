/**
 * How Fabric pipelines differ from ADF pipelines, as data. The Fabric pipeline schema is the ADF pipeline schema
 * with these differences applied: activity types Fabric adds (with the typeProperties they require, from the
 * Fabric REST "DataPipeline definition" page), types that exist only in ADF, and types Fabric keeps for old
 * pipelines. The validator, the run engine and the README read this table; nothing else lists Fabric types.
 */

/** Where an activity type stands in a Fabric pipeline. */
export type FabricTypeStatus = 'fabric-only' | 'adf-only' | 'legacy';

export interface FabricTypeDifference {
  type: string;
  status: FabricTypeStatus;
  /** Other spellings Fabric writes for the same activity. */
  aliases?: string[];
  /** typeProperties Fabric requires (fabric-only types). */
  required?: string[];
  /** True when the activity needs a connection (`externalReferences.connection`). */
  connection?: boolean;
  /** What to use instead (adf-only and legacy types), or what the activity does (fabric-only). */
  note: string;
}

export const FABRIC_TYPE_DIFFERENCES: readonly FabricTypeDifference[] = [
  { type: 'InvokePipeline', status: 'fabric-only', required: [], note: 'runs another pipeline by id (pipelineId, workspaceId, operationType); locally a child run from the same workspace folder' },
  { type: 'TridentNotebook', status: 'fabric-only', required: ['notebookId', 'workspaceId'], note: 'runs a Fabric notebook' },
  { type: 'SparkJobDefinition', status: 'fabric-only', required: [], note: 'runs a Spark job definition item' },
  { type: 'RefreshDataflow', status: 'fabric-only', aliases: ['RefreshDataFlow'], required: ['dataflowId', 'workspaceId'], note: 'refreshes a Dataflow Gen2 (Fabric\'s replacement for ADF mapping/wrangling data flows)' },
  { type: 'PBISemanticModelRefresh', status: 'fabric-only', required: [], connection: true, note: 'refreshes a Power BI semantic model' },
  { type: 'KustoQueryLanguage', status: 'fabric-only', required: ['command'], note: 'runs a KQL command on a KQL database or Azure Data Explorer' },
  { type: 'Office365Email', status: 'fabric-only', aliases: ['Office365Outlook'], required: [], connection: true, note: 'sends mail through an Office 365 Outlook connection' },
  { type: 'Email', status: 'fabric-only', required: [], connection: true, note: 'sends a mail notification' },
  { type: 'Teams', status: 'fabric-only', aliases: ['MicrosoftTeams'], required: [], connection: true, note: 'posts a message to Microsoft Teams' },
  { type: 'InvokeCopyJob', status: 'fabric-only', required: [], note: 'runs a Copy job item' },
  { type: 'AzureHDInsight', status: 'fabric-only', required: [], connection: true, note: 'Fabric\'s single HDInsight activity (ADF has one type per program)' },
  { type: 'DataLakeAnalyticsScope', status: 'fabric-only', required: [], connection: true, note: 'runs a Scope script' },
  { type: 'ExecutePipeline', status: 'legacy', note: 'the legacy Execute Pipeline activity; Fabric keeps it for older pipelines, new ones use InvokePipeline' },
  { type: 'ExecuteDataFlow', status: 'adf-only', note: 'mapping data flows do not exist in Fabric; use a Dataflow Gen2 and RefreshDataflow' },
  { type: 'ExecuteWranglingDataflow', status: 'adf-only', note: 'Power Query data flows of ADF; use a Dataflow Gen2 and RefreshDataflow' },
  { type: 'AzureMLBatchExecution', status: 'adf-only', note: 'Machine Learning Studio (classic) is retired and absent from Fabric' },
  { type: 'AzureMLUpdateResource', status: 'adf-only', note: 'Machine Learning Studio (classic) is retired and absent from Fabric' },
  { type: 'HDInsightHive', status: 'adf-only', note: 'Fabric has one AzureHDInsight activity' },
  { type: 'HDInsightPig', status: 'adf-only', note: 'Fabric has one AzureHDInsight activity' },
  { type: 'HDInsightMapReduce', status: 'adf-only', note: 'Fabric has one AzureHDInsight activity' },
  { type: 'HDInsightStreaming', status: 'adf-only', note: 'Fabric has one AzureHDInsight activity' },
  { type: 'HDInsightSpark', status: 'adf-only', note: 'Fabric has one AzureHDInsight activity' },
  { type: 'DataLakeAnalyticsU-SQL', status: 'adf-only', note: 'U-SQL is not offered in Fabric (DataLakeAnalyticsScope is)' },
  { type: 'SynapseNotebook', status: 'adf-only', note: 'use TridentNotebook (a Fabric notebook)' },
  { type: 'SparkJob', status: 'adf-only', note: 'use SparkJobDefinition' },
  { type: 'AzureDataExplorerCommand', status: 'adf-only', note: 'use KustoQueryLanguage' },
  { type: 'Validation', status: 'adf-only', note: 'not offered in Fabric pipelines; use GetMetadata with Until' },
];

/**
 * typeProperties that Fabric writes where ADF requires another: Fabric's Web and WebHook activities call through a
 * connection (`externalReferences.connection`, whose base URL the connection holds) with a `relativeUrl`, where
 * ADF's carry the whole `url`. `definition` names the activity's definition in the ADF pipeline schema.
 */
export const FABRIC_PROPERTY_DIFFERENCES: readonly { type: string; definition: string; adf: string; fabric: string; note: string }[] = [
  { type: 'WebActivity', definition: 'WebActivity', adf: 'url', fabric: 'relativeUrl', note: 'URL relative to the base URL of the activity\'s connection (externalReferences.connection); an absolute URL is used as it is' },
  { type: 'WebHook', definition: 'WebHookActivity', adf: 'url', fabric: 'relativeUrl', note: 'URL relative to the base URL of the activity\'s connection (externalReferences.connection); an absolute URL is used as it is' },
];

/**
 * A pipeline's JSON as the ADF schema reads it: where an activity carries Fabric's form of a property (table above)
 * and not ADF's, ADF's is filled from it, so the ADF schema checks the rest unchanged. The input is not modified.
 */
export function adfSchemaView(pipelineJson: unknown): unknown {
  const clone = structuredClone(pipelineJson) as Record<string, any>;
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const a of list) {
      const tp = a && typeof a === 'object' ? (a as Record<string, any>).typeProperties : undefined;
      if (!tp || typeof tp !== 'object') continue;
      for (const d of FABRIC_PROPERTY_DIFFERENCES) {
        if (String(a.type).toLowerCase() === d.type.toLowerCase() && tp[d.adf] === undefined && tp[d.fabric] !== undefined) tp[d.adf] = tp[d.fabric];
      }
      for (const k of ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']) visit(tp[k]);
      if (Array.isArray(tp.cases)) for (const c of tp.cases) visit(c?.activities);
    }
  };
  visit(clone?.properties?.activities);
  return clone;
}

const BY_TYPE = new Map<string, FabricTypeDifference>();
for (const d of FABRIC_TYPE_DIFFERENCES) for (const t of [d.type, ...(d.aliases ?? [])]) BY_TYPE.set(t.toLowerCase(), d);

/** The difference entry of an activity type (case-insensitive, aliases included), or undefined when it is shared. */
export function fabricTypeDifference(type: unknown): FabricTypeDifference | undefined {
  return typeof type === 'string' ? BY_TYPE.get(type.toLowerCase()) : undefined;
}

/** Activity types that exist in Fabric pipelines but not in ADF (the names as Fabric writes them, aliases included). */
export function fabricOnlyTypes(): string[] {
  return FABRIC_TYPE_DIFFERENCES.filter((d) => d.status === 'fabric-only').flatMap((d) => [d.type, ...(d.aliases ?? [])]);
}

/**
 * Activities that read a dataset: where Fabric writes its inline `datasetSettings` (JSON path under the activity)
 * and where ADF writes the dataset reference it stands for.
 */
export const DATASET_SETTINGS_SITES: readonly { type: string; settings: string[]; reference: ['inputs' | 'outputs', number] | ['typeProperties', 'dataset'] }[] = [
  { type: 'Copy', settings: ['typeProperties', 'source', 'datasetSettings'], reference: ['inputs', 0] },
  { type: 'Copy', settings: ['typeProperties', 'sink', 'datasetSettings'], reference: ['outputs', 0] },
  { type: 'Lookup', settings: ['typeProperties', 'datasetSettings'], reference: ['typeProperties', 'dataset'] },
  { type: 'GetMetadata', settings: ['typeProperties', 'datasetSettings'], reference: ['typeProperties', 'dataset'] },
  { type: 'Delete', settings: ['typeProperties', 'datasetSettings'], reference: ['typeProperties', 'dataset'] },
];

/** The linked service type a dataset location stands for (the local connectors key on it). */
export const LOCATION_CONNECTION_TYPES: Readonly<Record<string, string>> = {
  FileServerLocation: 'FileServer',
  AzureBlobStorageLocation: 'AzureBlobStorage',
  AzureBlobFSLocation: 'AzureBlobFS',
  LakehouseLocation: 'Lakehouse',
  HttpServerLocation: 'HttpServer',
  SftpLocation: 'Sftp',
  FtpServerLocation: 'FtpServer',
  AmazonS3Location: 'AmazonS3',
};
