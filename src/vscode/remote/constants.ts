/** Ids of the remote factories feature (must match package.json). */
export const REMOTE_VIEW = 'adf.remote';
export const REMOTE_COMMANDS = {
  signIn: 'adf.remote.signIn',
  selectTenant: 'adf.remote.selectTenant',
  refresh: 'adf.remote.refresh',
  loadMore: 'adf.remote.loadMore',
  openResource: 'adf.remote.openResource',
  treeChildren: 'adf.remote.treeChildren',
  runPipeline: 'adf.remote.runPipeline',
  runRemotePipeline: 'adf.remote.runRemotePipeline',
  publish: 'adf.remote.publish',
} as const;
export const SETTINGS = {
  section: 'adf.azure',
  cloud: 'cloud',
  endpoint: 'endpoint',
  scope: 'scope',
  tenant: 'tenant',
  tokenEnv: 'tokenEnvironmentVariable',
} as const;
export const SCHEME_REMOTE = 'adf-remote';
export const STATE_TARGET_PREFIX = 'adf.remote.target:';
