/** The stage model: rules read from any of the three file formats, with where each came from. */
import type { ParsedPath } from './paths';

export type StageAction = 'update' | 'add' | 'remove';

/** Where a rule (or a problem) is in its file: 1-based line and column. */
export interface StageSource {
  file: string;
  line: number;
  column: number;
}

/**
 * A value as written: `text` rows (CSV and azure.datafactory.tools' JSON) are converted like that tool does, by
 * the type of the value they replace; `json` values (the project's own format) are taken as they are. Tokens in
 * strings (`${env:NAME}`, `$Env:NAME`, `$($Env:NAME)`, `${var:NAME}`, `${stage}`) are expanded when applied.
 */
export type StageValue = { text: string } | { json: unknown };

export interface StageRule {
  source: StageSource;
  /** Kind pattern (`linkedService`, `*`); undefined = any kind (azure.datafactory.tools' JSON form). */
  kind?: string;
  /** Name pattern with wildcards. */
  name: string;
  action: StageAction;
  pathText: string;
  path: ParsedPath;
  /** Paths without `$` start at `properties` (azure.datafactory.tools) or at the root (own format). */
  relativeTo: 'properties' | 'root';
  value?: StageValue;
}

export interface GlobalParameterRule {
  source: StageSource;
  name: string;
  /** A bare value keeps the declared type; {type, value} declares (or re-types) the parameter. */
  type?: string;
  value: unknown;
}

export interface TriggerRule {
  source: StageSource;
  name: string;
  runtimeState?: 'Started' | 'Stopped';
  /** Merged into `typeProperties.recurrence` (schedule triggers). */
  recurrence?: Record<string, unknown>;
  /** `startTime`/`endTime`: in the recurrence of a schedule trigger, in typeProperties of a tumbling window. */
  startTime?: string;
  endTime?: string;
}

export interface Stage {
  name: string;
  /** Files read, in order. */
  files: string[];
  format: 'csv' | 'adt-json' | 'adfw';
  variables: Record<string, string>;
  rules: StageRule[];
  globalParameters: GlobalParameterRule[];
  triggers: TriggerRule[];
}

export interface StageProblem extends StageSource {
  message: string;
}

/** A stage that cannot be read or applied: every problem with its file, line, column and the fix. */
export class StageError extends Error {
  constructor(
    message: string,
    public readonly problems: StageProblem[],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')}` : message);
    this.name = 'StageError';
  }
}

/** What applying a stage changed, for plans and logs. */
export interface StageChange {
  kind: string;
  name: string;
  action: StageAction;
  path: string;
  source: StageSource;
}
