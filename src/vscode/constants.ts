/**
 * Every id of the extension in one place: commands, views, webviews, context keys and values, settings, storage keys.
 * The contributed commands and views must match package.json's `contributes` (test/unit/vscode/ids.test.ts checks
 * both ways, and that no other file of src/vscode spells an id).
 */

export const CATEGORY = 'Data Factory';
export const OUTPUT_CHANNEL = 'Data Factory';

export const VIEW_CONTAINER = 'adf';
export const VIEWS = {
  factories: 'adf.factories',
  runs: 'adf.runs',
  remote: 'adf.remote',
  fabric: 'adf.fabric',
} as const;

export const COMMANDS = {
  refresh: 'adf.refresh',
  open: 'adf.open',
  runPipelineLocally: 'adf.runPipelineLocally',
  runPipelineWithParameters: 'adf.runPipelineWithParameters',
  runPipelineInAzure: 'adf.runPipelineInAzure',
  validateWorkspace: 'adf.validateWorkspace',
  validateResource: 'adf.validateResource',
  showRuns: 'adf.showRuns',
  openMonitor: 'adf.openMonitor',
  revealInMonitor: 'adf.revealInMonitor',
  cancelRun: 'adf.cancelRun',
  rerun: 'adf.rerun',
  rerunFromFailed: 'adf.rerunFromFailed',
  copyResourceId: 'adf.copyResourceId',
  newPipeline: 'adf.newPipeline',
  newDataset: 'adf.newDataset',
  showGraph: 'adf.showGraph',
  setLocalConnection: 'adf.setLocalConnection',
  clearLocalConnection: 'adf.clearLocalConnection',
  evaluateExpression: 'adf.evaluateExpression',
  signIn: 'adf.signIn',
  publish: 'adf.publish',
  showLog: 'adf.showLog',
  revealActivity: 'adf.revealActivity',
  showReferences: 'adf.showReferences',
  showFactoryGraph: 'adf.showFactoryGraph',
} as const;

/** Remote factories (Azure). */
export const REMOTE_COMMANDS = {
  signIn: 'adf.remote.signIn',
  selectTenant: 'adf.remote.selectTenant',
  refresh: 'adf.remote.refresh',
  loadMore: 'adf.remote.loadMore',
  openResource: 'adf.remote.openResource',
  runPipeline: 'adf.remote.runPipeline',
  runRemotePipeline: 'adf.remote.runRemotePipeline',
  publish: 'adf.remote.publish',
} as const;

/** Fabric workspaces (Fabric REST API). */
export const FABRIC_COMMANDS = {
  signIn: 'adf.fabric.signIn',
  refresh: 'adf.fabric.refresh',
  runPipeline: 'adf.fabric.runPipeline',
  /** The active value set of a local Fabric workspace folder's variable libraries. */
  selectValueSet: 'adf.fabric.selectValueSet',
} as const;

/** Triggers fired locally. */
export const TRIGGER_COMMANDS = {
  fire: 'adf.fireTrigger',
  showTimes: 'adf.showTriggerTimes',
  backfill: 'adf.backfillTrigger',
  watch: 'adf.watchBlobEvents',
  stopWatch: 'adf.stopWatchingBlobEvents',
} as const;

/** Mapping data flows. */
export const DATAFLOW_COMMANDS = {
  showGraph: 'adf.dataflow.showGraph',
  preview: 'adf.dataflow.preview',
} as const;

/** Pipeline tests (the Testing view). */
export const TESTING_COMMANDS = {
  openRun: 'adf.openTestRun',
  createFromRun: 'adf.createTestFromRun',
  createFromAzureRun: 'adf.createTestFromAzureRun',
} as const;

/** Commands registered for scripts and tests, not contributed (no palette entry). */
export const INTERNAL_COMMANDS = {
  remoteTreeChildren: 'adf.remote.treeChildren',
  fabricTreeChildren: 'adf.fabric.treeChildren',
  /** Runs the tests of one test file through the Testing view's controller; returns test name -> run id. */
  runTestFile: 'adf.tests.runFile',
} as const;

/** Every contributed command id (package.json `contributes.commands`). */
export const CONTRIBUTED_COMMANDS: readonly string[] = [COMMANDS, REMOTE_COMMANDS, FABRIC_COMMANDS, TRIGGER_COMMANDS, DATAFLOW_COMMANDS, TESTING_COMMANDS].flatMap((o) => Object.values(o));

/** The test controller and the context of a failed test's message (menus match `testMessage == …`). */
export const TESTING = {
  controller: 'adf.tests',
  messageContext: 'adf.testFailure',
} as const;

/** contextValue of tree items; menus match them with `viewItem == …` or `viewItem =~ /…/`. */
export const CONTEXT = {
  factory: 'adf.factory',
  /** A Microsoft Fabric workspace folder (its pipelines are `adf.pipeline.fabric`: open, validate, references). */
  fabricWorkspace: 'adf.fabricWorkspace',
  fabricPipeline: 'adf.pipeline.fabric',
  kind: 'adf.kind',
  folder: 'adf.folder',
  pipeline: 'adf.pipeline',
  dataset: 'adf.dataset',
  resource: 'adf.resource',
  /** A resource the service has without a file (AutoResolveIntegrationRuntime): no resource menus apply. */
  builtIn: 'adf.builtIn',
  run: 'adf.run',
  runActive: 'adf.run.active',
  runFailed: 'adf.run.failed',
  /** Remote tree items: `adf.remote.<node type>` or `adf.remote.<resource kind>`. */
  remotePrefix: 'adf.remote.',
  /** Fabric tree items: `adf.fabric.<node type>` (workspace, pipeline, message). */
  fabricPrefix: 'adf.fabric.',
} as const;

/** `when`-clause context keys set by the extension. */
export const CONTEXT_KEYS = {
  runActive: 'adf.runActive',
  watchingBlobEvents: 'adf.watchingBlobEvents',
  azureSignedIn: 'adf.azure.signedIn',
  fabricSignedIn: 'adf.fabric.signedIn',
} as const;

export const WEBVIEWS = {
  monitor: 'adf.monitor',
  graph: 'adf.graph',
  dataflowPreview: 'adf.dataflowPreview',
} as const;

export const STATUS_BAR_RUNS = 'adf.runStatus';

/** Settings of remote factories (`adf.azure.*`). */
export const SETTINGS = {
  section: 'adf.azure',
  cloud: 'cloud',
  endpoint: 'endpoint',
  scope: 'scope',
  tenant: 'tenant',
  tokenEnv: 'tokenEnvironmentVariable',
} as const;
/** Settings of Fabric workspaces (`adf.fabric.*`). */
export const FABRIC_SETTINGS = {
  section: 'adf.fabric',
  endpoint: 'endpoint',
  tokenEnv: 'tokenEnvironmentVariable',
} as const;

/** Data flow settings (package.json contributes.configuration). */
export const DATAFLOW_SETTINGS = {
  section: 'adf.dataflow',
  previewRowLimit: 'previewRowLimit',
} as const;
export const SCHEME_REMOTE = 'adf-remote';
export const STATE_TARGET_PREFIX = 'adf.remote.target:';

export const SECRET_CONNECTIONS = 'adf.localConnections';
export const STATE_EXPANDED = 'adf.tree.expanded';
/** The active value set of a Fabric workspace folder (workspace state, the folder's path after the prefix). */
export const STATE_VALUE_SET_PREFIX = 'adf.fabric.valueSet:';

/** Pipeline test files (the engine's TEST_FILE_SUFFIX; also package.json's jsonValidation and activation event). */
export const TEST_FILE_GLOB = '**/*.adftest.json';

/** Trigger definitions, for the trigger editor features. */
export const TRIGGER_DOCS: { language: string; pattern: string }[] = [
  { language: 'json', pattern: '**/trigger/*.json' },
  { language: 'jsonc', pattern: '**/trigger/*.json' },
];
