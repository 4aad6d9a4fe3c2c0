/** Every id the extension contributes, in one place (must match package.json). */

export const EXTENSION_ID = 'adf-workbench.adf-workbench';
export const CATEGORY = 'Data Factory';
export const OUTPUT_CHANNEL = 'Data Factory';

export const VIEW_CONTAINER = 'adf';
export const VIEWS = {
  factories: 'adf.factories',
  runs: 'adf.runs',
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

/** contextValue of tree items; menus match them with `viewItem == …` or `viewItem =~ /…/`. */
export const CONTEXT = {
  factory: 'adf.factory',
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
} as const;

/** `when`-clause context keys set by the extension. */
export const CONTEXT_KEYS = {
  runActive: 'adf.runActive',
} as const;

export const WEBVIEWS = {
  monitor: 'adf.monitor',
  graph: 'adf.graph',
} as const;

export const SECRET_CONNECTIONS = 'adf.localConnections';
export const STATE_EXPANDED = 'adf.tree.expanded';

/** Pipeline test files (the engine's TEST_FILE_SUFFIX; also package.json's jsonValidation and activation event). */
export const TEST_FILE_GLOB = '**/*.adftest.json';
