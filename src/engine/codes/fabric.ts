/** ADF8xxx: Microsoft Fabric workspaces (git-integration layout, item references, Fabric-only activities). */
import { defineBand } from './band';

export const FABRIC_BAND = defineBand('ADF8', 'Fabric workspaces', {
  missingPlatform: { code: 'ADF8001', severity: 'warning', message: 'The item folder "{folder}" has no .platform file{hint}', doc: 'A Fabric item folder without its .platform metadata: the display name comes from the folder name and other items cannot reach it by logicalId.' },
  badPlatform: { code: 'ADF8002', severity: 'error', message: '.platform of "{folder}": {problem}', doc: 'A .platform file that is not the JSON Fabric writes ({"metadata": {"type", "displayName"}, "config": {"logicalId"}}).' },
  missingContent: { code: 'ADF8003', severity: 'error', message: 'The pipeline item "{folder}" has no pipeline-content.json', doc: 'A DataPipeline item folder without its definition file; the pipeline is not loaded.' },
  duplicateItem: { code: 'ADF8004', severity: 'error', message: 'Duplicate {type} "{name}": also defined in {folder}', doc: 'Two items of one type share a display name or a logicalId.' },
  unresolvedPipelineId: { code: 'ADF8010', severity: 'error', message: '{activity} "{name}" calls pipeline id "{id}", which is no item of this workspace folder', doc: 'An InvokePipeline pipelineId (or a legacy ExecutePipeline reference) that is neither the logicalId nor the folder id of a DataPipeline item here.' },
  remoteInvoke: { code: 'ADF8012', severity: 'warning', message: 'InvokePipeline "{name}" has operationType "{value}": local runs start Fabric pipelines of this workspace only', doc: 'An InvokePipeline of an ADF or Synapse pipeline (or an unknown operation type): local runs need a mock for it.' },
  undeclaredConnection: { code: 'ADF8020', severity: 'warning', message: 'Connection id "{id}" is not declared in the connections file {file}', doc: 'A connection id (externalReferences.connection) that the local connections file given to validate does not map to local settings.' },
  unmappedConnection: { code: 'ADF8021', severity: 'error', message: "Fabric connection '{id}' has no local settings", doc: 'A local run reached an activity whose connection id (or inline linked service) the connections file does not map to a local connector.' },
  adfOnlyActivity: { code: 'ADF8030', severity: 'error', message: 'Activity "{name}" of type "{type}" exists only in Azure Data Factory: {note}', doc: 'An ADF activity type that Fabric pipelines do not offer.' },
  legacyActivity: { code: 'ADF8031', severity: 'info', message: 'Activity "{name}" uses the legacy {type} activity: {note}', doc: 'A Fabric pipeline still using the legacy Execute Pipeline activity.' },
  fabricOnlyInFactory: { code: 'ADF8032', severity: 'error', message: 'Activity "{name}" of type "{type}" exists only in Microsoft Fabric', doc: 'A Fabric activity type in an ADF factory pipeline.' },
  missingTypeProperty: { code: 'ADF8033', severity: 'error', message: '{type} "{name}" needs typeProperties.{property}', doc: 'A Fabric-only activity without a property its definition requires (from the difference table).' },
  undeclaredLibraryVariable: { code: 'ADF8040', severity: 'error', message: 'Library variable "{name}" is not declared in this pipeline\'s libraryVariables{hint}', doc: 'pipeline().libraryVariables.x without a libraryVariables entry naming the variable library and variable.' },
  unresolvedLibraryVariable: { code: 'ADF8041', severity: 'error', message: 'libraryVariables "{name}" names {what}, which the workspace does not have', doc: 'A libraryVariables entry whose library (VariableLibrary item) or variable does not exist.' },
  unknownValueSet: { code: 'ADF8042', severity: 'error', message: 'Value set "{name}" does not exist in variable library "{library}"', doc: 'The value set chosen for the run (--value-set) is not a file of the library\'s valueSets/ folder.' },
  badVariableLibrary: { code: 'ADF8043', severity: 'error', message: 'Variable library "{library}": {problem}', doc: 'variables.json or a value set that is not the JSON Fabric writes.' },
});
