/**
 * Engine modules that plug into the runner (expression language, copy engine, validator, data flows,
 * HTML report). Each is loaded on first use; when a build does not include one, callers get undefined and
 * report a clear error instead of pretending to succeed.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { DataServices, ActivityIo, ResolvedDataset, RunResult } from './types';
import type { Factory } from '../model/types';
import type { Diagnostic } from '../diagnostics';

export interface ExprModule {
  evaluateValue(value: unknown, ctx: Record<string, unknown>): unknown;
  evaluateExpression(text: string, ctx: Record<string, unknown>): unknown;
  isExpressionValue(value: unknown): boolean;
}
export interface CopyModule {
  createDataServices(opts?: Record<string, unknown>): DataServices;
}
export interface ValidateModule {
  validateFactory(factory: Factory): Diagnostic[];
}
export interface DataflowModule {
  runDataFlowActivity(factory: Factory, typeProperties: Record<string, any>, io: ActivityIo, resolveDataset: (ref: { referenceName: string; parameters?: Record<string, unknown> }) => ResolvedDataset): Promise<Record<string, unknown>>;
}
export interface ReportModule {
  renderRunReport(runs: RunResult[], opts?: { title?: string }): string;
}

const cache = new Map<string, unknown>();

// Each require sits directly inside its own try block so the bundler tolerates a module that is absent.
function remember<T>(key: string, get: () => T | undefined): T | undefined {
  if (!cache.has(key)) cache.set(key, get());
  return cache.get(key) as T | undefined;
}

/** The module when it exports the function the runner needs (a module still being built may not yet). */
function has<T>(mod: unknown, fn: string): T | undefined {
  return mod && typeof (mod as Record<string, unknown>)[fn] === 'function' ? (mod as T) : undefined;
}

function absent(e: unknown): undefined {
  if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
  return undefined;
}

export function exprModule(): ExprModule | undefined {
  return remember('expr', () => {
    try {
      return has<ExprModule>(require('../expr'), 'evaluateValue');
    } catch (e) {
      return absent(e);
    }
  });
}
export function copyModule(): CopyModule | undefined {
  return remember('copy', () => {
    try {
      return has<CopyModule>(require('../copy'), 'createDataServices');
    } catch (e) {
      return absent(e);
    }
  });
}
export function validateModule(): ValidateModule | undefined {
  return remember('validate', () => {
    try {
      return has<ValidateModule>(require('../validate'), 'validateFactory');
    } catch (e) {
      return absent(e);
    }
  });
}
export function dataflowModule(): DataflowModule | undefined {
  return remember('dataflow', () => {
    try {
      return has<DataflowModule>(require('../dataflow'), 'runDataFlowActivity');
    } catch (e) {
      return absent(e);
    }
  });
}
export function reportModule(): ReportModule | undefined {
  return remember('report', () => {
    try {
      return has<ReportModule>(require('../report/html'), 'renderRunReport');
    } catch (e) {
      return absent(e);
    }
  });
}
