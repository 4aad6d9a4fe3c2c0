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
}

export interface FactoryRef {
  root: string;
  /** Which ADF folders exist under the root. */
  kinds: ResourceKind[];
}
