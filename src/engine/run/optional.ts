/**
 * Engine modules that plug into the runner (expression language, copy engine, validator, data flows, HTML
 * report). The expression language is needed by every run and imported directly; the others are required on first
 * use, so a run that needs no copy, data flow, validation or report does not load them. Every module is part of
 * the build: a missing one is a build and type error, never a silent difference at run time.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as expr from '../expr';

export type ExprModule = typeof import('../expr');
export type CopyModule = typeof import('../copy');
export type ValidateModule = typeof import('../validate');
export type DataflowModule = typeof import('../dataflow');
export type ReportModule = typeof import('../report/html');

let copy: CopyModule | undefined;
let validate: ValidateModule | undefined;
let dataflow: DataflowModule | undefined;
let report: ReportModule | undefined;

/** The expression language. */
export function exprModule(): ExprModule {
  return expr;
}
/** The copy engine (data connectors), loaded on first use. */
export function copyModule(): CopyModule {
  return (copy ??= require('../copy') as CopyModule);
}
/** The factory validator, loaded on first use. */
export function validateModule(): ValidateModule {
  return (validate ??= require('../validate') as ValidateModule);
}
/** The mapping data flow engine (DuckDB), loaded on first use. */
export function dataflowModule(): DataflowModule {
  return (dataflow ??= require('../dataflow') as DataflowModule);
}
/** The static HTML run report, loaded on first use. */
export function reportModule(): ReportModule {
  return (report ??= require('../report/html') as ReportModule);
}
