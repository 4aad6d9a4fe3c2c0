/** The typed model of a Data Factory kept in git: one JSON file per resource. */
import type { JsonDocument } from '../json/document';
import type { Diagnostic } from '../diagnostics';

/** Folder names of ADF's git layout, which are also our resource kinds. */
export const RESOURCE_KINDS = [
  'pipeline',
  'dataset',
  'linkedService',
  'dataflow',
  'trigger',
  'integrationRuntime',
  'factory',
  'managedVirtualNetwork',
  'credential',
  'globalParameters',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const KIND_LABELS: Record<ResourceKind, string> = {
  pipeline: 'Pipelines',
  dataset: 'Datasets',
  linkedService: 'Linked services',
  dataflow: 'Data flows',
  trigger: 'Triggers',
  integrationRuntime: 'Integration runtimes',
  factory: 'Factory',
  managedVirtualNetwork: 'Managed virtual networks',
  credential: 'Credentials',
  globalParameters: 'Global parameters',
};

/** The ARM resource type segment used by the REST API for each kind. */
export const KIND_ARM_SEGMENT: Partial<Record<ResourceKind, string>> = {
  pipeline: 'pipelines',
  dataset: 'datasets',
  linkedService: 'linkedservices',
  dataflow: 'dataflows',
  trigger: 'triggers',
  integrationRuntime: 'integrationRuntimes',
  managedVirtualNetwork: 'managedVirtualNetworks',
  credential: 'credentials',
  globalParameters: 'globalParameters',
};

export interface Resource {
  kind: ResourceKind;
  /** `name` from the file, or the file's base name when the file has none. */
  name: string;
  /** True when the name came from the file name because the JSON had no `name`. */
  nameFromFile: boolean;
  /** Absolute path of the file. */
  file: string;
  doc: JsonDocument;
  /** The whole JSON value (`{name, properties, ...}`), or undefined when it did not parse. */
  json: Record<string, unknown> | undefined;
  /** `properties`, or {} when absent. */
  properties: Record<string, any>;
  /** `properties.type` where the kind has one (datasets, linked services, triggers, data flows, IRs). */
  type?: string;
  /** ADF's display folder (`properties.folder.name`), split on '/'. */
  folder: string[];
  description?: string;
  /**
   * Set on resources the Fabric loader made from inline settings (a dataset from `datasetSettings`, a linked service
   * from a connection id): they have no file of their own, so `file`/`doc` are the pipeline's and they are not
   * validated as files. `connectionId` marks a linked service that stands for a Fabric connection.
   */
  derived?: { from: 'datasetSettings' | 'connection'; pipeline?: string; path: (string | number)[]; connectionId?: string };
}

export interface Factory {
  /** Absolute path of the factory root (the folder that holds `pipeline/`, `dataset/`, ...). */
  root: string;
  /** Display name: the factory/*.json name when present, else the root folder's name. */
  name: string;
  resources: Record<ResourceKind, Map<string, Resource>>;
  /** Load problems (unreadable files, invalid JSON, duplicate names, files that are not resources). */
  diagnostics: Diagnostic[];
  /** Files under ADF folders that were not loaded as resources (stray JSON, non-JSON). */
  ignoredFiles: string[];
  /** Set when the folder is a Microsoft Fabric workspace (git-integration layout) mapped into this model. */
  fabric?: FabricWorkspaceInfo;
}

/** One item folder of a Fabric workspace (`<Display name>.<Type>/` with its `.platform`). */
export interface FabricItem {
  /** `metadata.type` (DataPipeline, VariableLibrary, Notebook, ...). */
  type: string;
  displayName: string;
  /** `config.logicalId`: the id other items of the repository use for it. */
  logicalId?: string;
  /** Absolute path of the item folder. */
  dir: string;
  /** Workspace folders above the item (Fabric folders are real directories). */
  folder: string[];
  /** The `.platform` file, when there is one. */
  platformFile?: string;
}

/** A variable library item: variables with their default values and the value sets that override them. */
export interface FabricVariableLibrary {
  name: string;
  dir: string;
  variables: { name: string; type: string; value: unknown; file: string; offset: number; length: number }[];
  valueSets: { name: string; file: string; overrides: Record<string, unknown>; description?: string }[];
  /** settings.json `valueSetsOrder`, when present. */
  valueSetsOrder?: string[];
  /** This library's own active value set (a service's `activeValueSetName`), before the workspace's `valueSet`. */
  activeValueSet?: string;
}

/** What the Fabric loader keeps beside the mapped resources. */
export interface FabricWorkspaceInfo {
  items: FabricItem[];
  libraries: FabricVariableLibrary[];
  /** The active value set (applied to every library that has it), or undefined for the default values. */
  valueSet?: string;
  /** A value set asked for (`missingValueSet: 'defaults'`) that no library has: the default values are used. */
  missingValueSet?: string;
  /** Pipeline name by lower-cased logicalId (and by any id given as the folder name). */
  pipelineIds: Map<string, string>;
  /** Fabric connection ids used by activities, with where: pipeline, JSON path in pipeline-content.json. */
  connectionUses: { connectionId: string; pipeline: string; path: (string | number)[] }[];
  /** `pipeline().libraryVariables` of each pipeline (by name) under the active value set. */
  libraryValues: Map<string, Record<string, unknown>>;
}

export interface FactoryRef {
  root: string;
  /** Which ADF folders exist under the root. */
  kinds: ResourceKind[];
}
