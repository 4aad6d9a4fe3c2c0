/**
 * The ADF → Data Factory in Microsoft Fabric correspondences, as data. One table drives both the check (which
 * class each finding falls in, and why) and the conversion (which rewrite applies). Sources: Microsoft's
 * "Upgrade your Azure Data Factory pipelines to Fabric" (assessment statuses and what is out of scope), the
 * Fabric DataPipeline item definition and the git integration source format; decisions where those are silent are
 * written in the README ("Migrating to Fabric").
 */

/** How an activity type reaches Fabric. */
export type ActivityRule =
  /** Same type and shape in Fabric pipelines. */
  | { class: 'asIs' }
  /** Same type; its dataset references become inline `datasetSettings` (where the table says). */
  | { class: 'withChange'; rewrite: 'datasets'; datasetPaths: readonly DatasetSlot[] }
  /** ExecutePipeline → InvokePipeline (`operationType: InvokeFabricPipeline`). */
  | { class: 'withChange'; rewrite: 'invokePipeline' }
  /** Same type; its linked service reference becomes a connection (`externalReferences.connection`). */
  | { class: 'withChange'; rewrite: 'connection' }
  /** No Fabric equivalent that a conversion can produce; the reason names what to do by hand. */
  | { class: 'noEquivalent'; reason: string };

/** Where an activity holds a dataset reference and where Fabric wants the inline settings. */
export interface DatasetSlot {
  /** Path of the reference from the activity object ("inputs[0]" is written ['inputs', 0]). */
  from: readonly (string | number)[];
  /** Path of the inline `datasetSettings` object from the activity object. */
  to: readonly string[];
}

const COPY_SLOTS: readonly DatasetSlot[] = [
  { from: ['inputs', 0], to: ['typeProperties', 'source', 'datasetSettings'] },
  { from: ['outputs', 0], to: ['typeProperties', 'sink', 'datasetSettings'] },
];
const SINGLE_SLOT: readonly DatasetSlot[] = [{ from: ['typeProperties', 'dataset'], to: ['typeProperties', 'datasetSettings'] }];

const AS_IS = { class: 'asIs' } as const;
const CONNECTION = { class: 'withChange', rewrite: 'connection' } as const;
const no = (reason: string): ActivityRule => ({ class: 'noEquivalent', reason });

/**
 * Every activity type of the Data Factory REST specification, by how it converts. A type not listed here has no
 * known Fabric form and is reported as such.
 */
export const ACTIVITY_RULES: Readonly<Record<string, ActivityRule>> = {
  // Control flow and variables: identical in Fabric pipelines.
  Wait: AS_IS,
  SetVariable: AS_IS,
  AppendVariable: AS_IS,
  Filter: AS_IS,
  ForEach: AS_IS,
  Until: AS_IS,
  IfCondition: AS_IS,
  Switch: AS_IS,
  Fail: AS_IS,
  WebActivity: AS_IS,
  WebHook: AS_IS,
  // Data movement with datasets: the dataset (and its linked service) is written inline.
  Copy: { class: 'withChange', rewrite: 'datasets', datasetPaths: COPY_SLOTS },
  Lookup: { class: 'withChange', rewrite: 'datasets', datasetPaths: SINGLE_SLOT },
  GetMetadata: { class: 'withChange', rewrite: 'datasets', datasetPaths: SINGLE_SLOT },
  Delete: { class: 'withChange', rewrite: 'datasets', datasetPaths: SINGLE_SLOT },
  ExecutePipeline: { class: 'withChange', rewrite: 'invokePipeline' },
  // Activities that run against a linked service: the linked service becomes a Fabric connection.
  Script: CONNECTION,
  SqlServerStoredProcedure: CONNECTION,
  AzureFunctionActivity: CONNECTION,
  DatabricksNotebook: CONNECTION,
  DatabricksSparkJar: CONNECTION,
  DatabricksSparkPython: CONNECTION,
  // No equivalent a conversion can write.
  ExecuteDataFlow: no('mapping data flows have no Fabric equivalent; rebuild the data flow as a Dataflow Gen2 and call it with the Dataflow activity'),
  ExecuteWranglingDataflow: no('Power Query (wrangling) data flows are rebuilt as a Dataflow Gen2 by hand'),
  ExecuteSSISPackage: no('Fabric has no SSIS integration runtime; SSIS packages need a redesign'),
  Validation: no('Fabric has no Validation activity; rewrite it as GetMetadata inside an Until loop'),
  Custom: no('Azure Batch custom activities do not migrate (no workspace identity support for Batch)'),
  HDInsightHive: no('HDInsight activities do not migrate; run the work from a Fabric notebook or Spark job definition'),
  HDInsightPig: no('HDInsight activities do not migrate; run the work from a Fabric notebook or Spark job definition'),
  HDInsightMapReduce: no('HDInsight activities do not migrate; run the work from a Fabric notebook or Spark job definition'),
  HDInsightStreaming: no('HDInsight activities do not migrate; run the work from a Fabric notebook or Spark job definition'),
  HDInsightSpark: no('HDInsight activities do not migrate; run the work from a Fabric notebook or Spark job definition'),
  'DataLakeAnalyticsU-SQL': no('U-SQL (Data Lake Analytics) is retired and has no Fabric equivalent'),
  AzureMLBatchExecution: no('Azure Machine Learning activities do not migrate'),
  AzureMLUpdateResource: no('Azure Machine Learning activities do not migrate'),
  AzureMLExecutePipeline: no('Azure Machine Learning activities do not migrate'),
  AzureDataExplorerCommand: no("Fabric's KQL activity takes a different shape (a KQL database connection); rebuild it by hand"),
  SynapseNotebook: no('Synapse notebooks are redesigned as Fabric notebooks (TridentNotebook, referenced by item id)'),
  SparkJob: no('Synapse Spark job definitions are redesigned as Fabric Spark job definitions'),
};

/** Fabric's InvokePipeline activity, which replaces ExecutePipeline. */
export const INVOKE_PIPELINE = { type: 'InvokePipeline', operationType: 'InvokeFabricPipeline' } as const;

/**
 * Workspace id written for a child pipeline in the same workspace: Fabric's git integration writes the all-zero
 * GUID there so the reference survives a move between workspaces.
 */
export const SAME_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';

/** ADF global parameter types → Fabric variable library types (Array and Object have none). */
export const VARIABLE_TYPES: Readonly<Record<string, string | undefined>> = {
  string: 'String',
  securestring: 'String',
  int: 'Integer',
  float: 'Number',
  bool: 'Boolean',
};

/** Triggers: schedules convert (recreated as the pipeline's schedule in Fabric); the others have no equivalent. */
export const TRIGGER_RULES: Readonly<Record<string, { class: 'withChange'; change: string } | { class: 'noEquivalent'; reason: string }>> = {
  ScheduleTrigger: { class: 'withChange', change: "recreate as a schedule on each pipeline it starts (Fabric's job scheduler); parameter bindings become the schedule's parameters" },
  TumblingWindowTrigger: { class: 'noEquivalent', reason: 'Fabric has no tumbling-window trigger; windows, backfill and window dependencies need a redesign (a schedule plus watermark logic)' },
  BlobEventsTrigger: { class: 'noEquivalent', reason: 'storage event triggers are not migrated; recreate them as a Fabric Activator (Reflex) rule on OneLake or Azure Blob Storage events' },
  CustomEventsTrigger: { class: 'noEquivalent', reason: 'custom event (Event Grid topic) triggers cannot be migrated' },
  RerunTumblingWindowTrigger: { class: 'noEquivalent', reason: 'tumbling-window reruns have no Fabric equivalent' },
  ChainingTrigger: { class: 'noEquivalent', reason: 'chaining (dependency) triggers have no Fabric equivalent' },
};

/** Why a kind of integration runtime has or has no Fabric counterpart. */
export const INTEGRATION_RUNTIME_RULES = {
  azure: { class: 'withChange', kind: 'azureIntegrationRuntime', change: 'dropped: Fabric pipelines run on the capacity\'s compute; `connectVia` is removed' },
  selfHosted: { class: 'noEquivalent', kind: 'selfHostedIntegrationRuntime', reason: 'a self-hosted integration runtime becomes an on-premises data gateway, set up by hand; connections through it cannot be created by the conversion' },
  managedVnet: { class: 'noEquivalent', kind: 'managedVnetIntegrationRuntime', reason: 'managed virtual network integration runtimes do not migrate; Fabric uses a virtual network data gateway, configured by hand' },
  ssis: { class: 'noEquivalent', kind: 'ssisIntegrationRuntime', reason: 'Fabric has no SSIS integration runtime' },
} as const;
