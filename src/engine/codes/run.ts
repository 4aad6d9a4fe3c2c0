/** ADF5xxx: the local run and copy engines (setup refusals and activity errors of our own). */
import { defineBand } from './band';

export const RUN_BAND = defineBand('ADF5', 'Local runs', {
  parameter: { code: 'ADF5001', severity: 'error', message: "Parameter '{name}': {problem}", doc: 'A run parameter that is unknown, missing, of an unknown type or not convertible to its type.' },
  pipelineNotFound: { code: 'ADF5002', severity: 'error', message: "Pipeline '{name}' was not found in factory '{factory}'", doc: 'The pipeline to run does not exist.' },
  graph: { code: 'ADF5003', severity: 'error', message: '{where}: {problem}', doc: 'The activity graph cannot run: duplicate names, unknown dependencies or conditions, cycles.' },
  notRunnableLocally: { code: 'ADF5010', severity: 'error', message: "Activity type '{type}' does not run locally; give it a mock", doc: 'An activity type the local engine does not run (Databricks, Azure Function…) without a --mock.' },
  noDataServices: { code: 'ADF5011', severity: 'error', message: 'No data services for {activity}', doc: 'A data activity ran without the copy engine.' },
  referenceNotFound: { code: 'ADF5012', severity: 'error', message: "{kind} '{name}' was not found", doc: 'A dataset, linked service or data flow referenced by a running activity does not exist.' },
  keyVaultSecret: { code: 'ADF5013', severity: 'error', message: "Key Vault secret '{name}' is not available locally", doc: 'A linked service reads a Key Vault secret that no connection override provides.' },
  envVariable: { code: 'ADF5014', severity: 'error', message: 'Environment variable {name} is not set', doc: '${env:X} in the connections file names an unset variable.' },
  connections: { code: 'ADF5015', severity: 'error', message: 'The connections file {file} is invalid: {reason}', doc: 'The connections file (linked service overrides) cannot be used.' },
  nestingTooDeep: { code: 'ADF5020', severity: 'error', message: 'ExecutePipeline nesting deeper than {max}', doc: 'ExecutePipeline chains deeper than the bound (a recursion, usually).' },
  activityTimedOut: { code: 'ADF5021', severity: 'error', message: "Activity '{name}' timed out after {timeout}", doc: "An activity ran longer than its policy's timeout." },
  untilTimedOut: { code: 'ADF5022', severity: 'error', message: "Until '{name}' timed out after {timeout}", doc: 'An Until loop reached its timeout before its expression became true.' },
  variable: { code: 'ADF5030', severity: 'error', message: "Variable '{name}': {problem}", doc: 'A variable of an unknown type, an invalid default, or a value of the wrong type.' },
  web: { code: 'ADF5040', severity: 'error', message: 'Web activity {name}: {problem}', doc: 'A Web/WebHook activity request that cannot be made (bad URL, method, body, authentication).' },
  validationTimedOut: { code: 'ADF5041', severity: 'error', message: "Validation '{name}' timed out", doc: 'A Validation activity did not find its dataset before its timeout.' },
  badValue: { code: 'ADF5042', severity: 'error', message: '{what} must be {expected}, got {value}', doc: 'A setting of an activity or of the run with a value it cannot take (--now, --until, batchCount…).' },
  interrupted: { code: 'ADF5098', severity: 'error', message: 'The run was interrupted: the process running it ended before it finished (last seen {lastUpdated})', doc: 'A run (or activity) whose owning process ended while it was in progress, found by a reader of its record.' },
  cancelled: { code: 'ADF5099', severity: 'error', message: 'The run was cancelled', doc: 'The activity ended because the run was cancelled.' },
});
