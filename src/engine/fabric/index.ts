/**
 * Microsoft Fabric workspaces (Data Factory in Fabric) kept in git: detection, loading into the factory model,
 * variable libraries and the table of differences between Fabric and ADF pipelines.
 */
export { decodeFabricText, type FabricEncoding } from './text';
export { FABRIC_TYPE_DIFFERENCES, FABRIC_PROPERTY_DIFFERENCES, adfSchemaView, fabricTypeDifference, fabricOnlyTypes, DATASET_SETTINGS_SITES, LOCATION_CONNECTION_TYPES, type FabricTypeDifference, type FabricTypeStatus } from './differences';
export { isFabricWorkspace, discoverFabricWorkspaces, loadFabricWorkspace, type FabricLoadOptions } from './loader';
export { libraryVariableRefs, libraryValues, libraryVariableValue, findLibrary, workspaceValueSets, type LibraryVariableRef, type WorkspaceValueSet } from './libraries';
export { loadFactoryOrWorkspace } from './any';
export { fabricPipelineSchema } from './schema';
