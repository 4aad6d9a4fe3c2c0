/**
 * Diagnostics: one shape for every problem the engine finds, and one catalogue of codes.
 *
 * Codes are banded:
 *   ADF0xxx  JSON syntax and loading
 *   ADF1xxx  schema (generated from the Data Factory REST specification)
 *   ADF2xxx  references, graph and structure (semantic)
 *   ADF3xxx  expression syntax
 *   ADF4xxx  expression evaluation
 *   ADF5xxx  run and copy
 *   ADF6xxx  triggers
 *   ADF7xxx  data flows
 * Analysis never throws: it returns diagnostics. Offsets are 0-based UTF-16 offsets into the file text;
 * lines and columns are derived from them (1-based) only when reporting.
 */

export type Severity = 'error' | 'warning' | 'info';
export type DiagnosticSource = 'json' | 'schema' | 'semantic' | 'expression' | 'trigger' | 'dataflow' | 'run';

export interface Diagnostic {
  /** Absolute or workspace-relative file path. */
  file: string;
  /** 0-based offset of the start of the range in the file text. */
  offset: number;
  /** Length of the range in UTF-16 code units. */
  length: number;
  severity: Severity;
  code: string;
  source: DiagnosticSource;
  message: string;
  /** JSON path of the node the diagnostic is about, when known. */
  path?: (string | number)[];
  /** Optional machine-readable data for quick fixes (e.g. {fix: 'declareParameter', name: 'x'}). */
  data?: Record<string, unknown>;
}

/** A diagnostic with 1-based line/column range, as printed by the CLI. */
export interface PositionedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  source: DiagnosticSource;
  message: string;
}

/** Error thrown (rarely) by engine code that must carry ADF's error shape and a location. */
export class AdfError extends Error {
  constructor(
    message: string,
    public readonly errorCode: string,
    public readonly failureType: 'UserError' | 'SystemError' = 'UserError',
    public readonly location?: { file?: string; offset?: number; length?: number },
  ) {
    super(message);
    this.name = 'AdfError';
  }
}
