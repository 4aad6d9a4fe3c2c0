/** ADF7xxx: mapping data flows (script syntax, graph, schema of streams, references). */
import { defineBand } from './band';

export const DATAFLOW_BAND = defineBand('ADF7', 'Data flows', {
  noScript: { code: 'ADF7000', severity: 'warning', message: 'The data flow has no script; it does nothing', doc: 'A data flow without typeProperties.script or scriptLines.' },
  syntax: { code: 'ADF7001', severity: 'error', message: 'Data flow script syntax error: {reason}', doc: 'The data flow script does not parse.' },
  unknownTransformation: { code: 'ADF7002', severity: 'error', message: 'Unknown transformation "{name}"', doc: 'A transformation the data flow language does not have.' },
  inputCount: { code: 'ADF7003', severity: 'error', message: '{transformation} "{name}" takes {expected} input streams; it has {count}', doc: 'A transformation with the wrong number of input streams.' },
  duplicateStream: { code: 'ADF7004', severity: 'error', message: 'Stream name "{name}" is used by more than one transformation', doc: 'Two transformations with one output stream name.' },
  unknownStream: { code: 'ADF7005', severity: 'error', message: 'Input stream "{name}" of "{owner}" is not defined', doc: 'An input stream no transformation produces.' },
  branch: { code: 'ADF7006', severity: 'error', message: '"{name}" has no output branch "{branch}"', doc: 'A conditional split branch that does not exist, or a split used without naming a branch.' },
  cycle: { code: 'ADF7007', severity: 'error', message: 'Cycle: {cycle}', doc: 'Streams that depend on each other in a cycle.' },
  sourceSinkMismatch: { code: 'ADF7008', severity: 'error', message: 'The script\'s {op} "{name}" and typeProperties.{list} do not match', doc: 'A source or sink of the script missing from typeProperties.sources/sinks, or the reverse.' },
  missingReference: { code: 'ADF7009', severity: 'error', message: '{what} "{name}" references {kind} "{ref}", which does not exist', doc: 'A dataset, linked service, flowlet or UDF library referenced by the data flow is missing.' },
  unknownFunction: { code: 'ADF7010', severity: 'error', message: 'Unknown function {name}()', doc: 'A function the data flow expression language does not have.' },
  undeclaredParameter: { code: 'ADF7011', severity: 'error', message: 'Parameter ${name} is not declared', doc: 'A $parameter the script\'s parameters{…} block does not declare.' },
  unknownColumn: { code: 'ADF7012', severity: 'error', message: 'Column "{name}" is not in the input of "{owner}"', doc: 'A column that the input stream does not have (when its schema is known).' },
  splitBranches: { code: 'ADF7013', severity: 'error', message: 'Conditional split "{name}" needs one branch per condition plus a default branch', doc: 'A conditional split whose branch list does not match its conditions.' },
});
