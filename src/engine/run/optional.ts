/**
 * Engine modules that plug into the runner (copy engine, validator, data flows), required on first
 * use so a run that needs no copy, data flow or validation does not load them (the expression language is
 * needed by every run and imported directly, see expression.ts). Every module is part of the build: a missing one is
 * a build and type error, never a silent difference at run time.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export type CopyModule = typeof import('../copy');
export type ValidateModule = typeof import('../validate');
export type DataflowModule = typeof import('../dataflow');

let copy: CopyModule | undefined;
let validate: ValidateModule | undefined;
let dataflow: DataflowModule | undefined;

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
