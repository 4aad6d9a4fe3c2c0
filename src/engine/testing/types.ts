/** Pipeline tests as code: the test-file model and result shapes. */
import type { RunResult } from '../contracts/types';

export interface MockDef {
  activity?: string;
  type?: string;
  iteration?: number;
  output?: unknown;
  error?: { errorCode?: string; message?: string; failureType?: 'UserError' | 'SystemError' };
  status?: 'Succeeded' | 'Failed' | 'Skipped';
}

export interface ActivityExpectation {
  status?: string;
  runs?: number | { min?: number; max?: number };
  run?: number;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: { errorCode?: unknown; message?: unknown; failureType?: unknown };
}

export interface Expectations {
  status?: 'Succeeded' | 'Failed' | 'Cancelled';
  message?: unknown;
  activities?: Record<string, ActivityExpectation | ActivityExpectation[]>;
  variables?: Record<string, unknown>;
  returnValue?: unknown;
  order?: string[];
}

/** Run settings a test file sets for all its tests and a test case may set for itself. */
export interface RunSettingsDef {
  pipeline?: string;
  parameters?: Record<string, unknown>;
  now?: string;
  /** A scripted clock over `now` (per activity, or successive reads). */
  clock?: { sequence?: string[]; activities?: Record<string, string> };
  seed?: number;
  connections?: string | Record<string, Record<string, unknown>>;
  mocks?: MockDef[];
}

export interface TestCaseDef extends RunSettingsDef {
  name: string;
  description?: string;
  skip?: boolean | string;
  only?: boolean;
  expect: Expectations;
}

export interface TestFileDef extends RunSettingsDef {
  description?: string;
  factory?: string;
  /** Fabric workspaces: the variable libraries' value set the tests run with (default values when absent). */
  valueSet?: string;
  tests: TestCaseDef[];
}

/** A position in a test file (0-based offset/length), for editors and reports. */
export interface SourceRange {
  file: string;
  offset: number;
  length: number;
  line: number;
  column: number;
}

export interface Failure {
  /** Where the expectation lives: "activities.CopyOrders.input.source.sqlReaderQuery". */
  path: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  location?: SourceRange;
}

export type TestStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface TestResult {
  file: string;
  /** Test name, unique within the file. */
  name: string;
  /** "<file relative path> › <name>" */
  fullName: string;
  status: TestStatus;
  durationMs: number;
  failures: Failure[];
  /** Set for status "error": the test could not run (bad file, unknown pipeline, setup error). */
  error?: string;
  skipReason?: string;
  pipelineName?: string;
  runId?: string;
  run?: RunResult;
  location?: SourceRange;
}

export interface TestSummary {
  results: TestResult[];
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  durationMs: number;
}
