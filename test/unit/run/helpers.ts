/** Builders for pipelines in tests: factories are written to a temporary folder and loaded like real ones. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import type { Factory } from '../../../src/engine/model/types';
import { runPipeline, type RunOptions, type RunResult, type ActivityRun } from '../../../src/engine/run';
import type { Server } from 'node:http';

export type Json = Record<string, any>;

/** {"value": text, "type": "Expression"} as ADF writes dynamic content. */
export const ex = (value: string) => ({ value, type: 'Expression' });

/** An activity; `after` maps predecessor names to their conditions. */
export function act(name: string, type: string, typeProperties: Json = {}, after: Record<string, string[] | string> = {}, extra: Json = {}): Json {
  return {
    name,
    type,
    dependsOn: Object.entries(after).map(([activity, c]) => ({ activity, dependencyConditions: Array.isArray(c) ? c : [c] })),
    typeProperties,
    ...extra,
  };
}

export const wait = (name: string, after: Record<string, string[] | string> = {}, seconds = 0) => act(name, 'Wait', { waitTimeInSeconds: seconds }, after);
export const failAct = (name: string, after: Record<string, string[] | string> = {}, message = `${name} failed on purpose`, errorCode = 'E42') => act(name, 'Fail', { message, errorCode }, after);

export interface FactorySpec {
  pipelines: Record<string, { activities: Json[]; parameters?: Json; variables?: Json }>;
  datasets?: Record<string, Json>;
  linkedServices?: Record<string, Json>;
}

const dirs: string[] = [];

/** Writes a factory to a temporary folder and loads it. */
export async function makeFactory(spec: FactorySpec): Promise<Factory> {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-run-'));
  dirs.push(root);
  const write = (kind: string, name: string, properties: Json) => {
    mkdirSync(path.join(root, kind), { recursive: true });
    writeFileSync(path.join(root, kind, `${name}.json`), JSON.stringify({ name, properties }, null, 2));
  };
  for (const [n, p] of Object.entries(spec.pipelines)) write('pipeline', n, p);
  for (const [n, p] of Object.entries(spec.datasets ?? {})) write('dataset', n, p);
  for (const [n, p] of Object.entries(spec.linkedServices ?? {})) write('linkedService', n, p);
  return loadFactory(root);
}

/** Removes the temporary factories (call in after()). */
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Builds a one-pipeline factory named 'p' and runs it. */
export async function runActivities(activities: Json[], opts: Partial<RunOptions> & { parameters?: Json; declare?: Json; variables?: Json } = {}): Promise<RunResult> {
  const { declare, variables, ...rest } = opts;
  const factory = await makeFactory({ pipelines: { p: { activities, parameters: declare, variables } } });
  return runPipeline({ factory, pipelineName: 'p', ...rest });
}

/** The final status of each top-level (or named) activity: the last attempt wins. */
export function statuses(r: RunResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of r.activityRuns) if (!a['adfw:parents']?.length) out[a.activityName] = a.status;
  return out;
}

export function runsOf(r: RunResult, name: string): ActivityRun[] {
  return r.activityRuns.filter((a) => a.activityName === name);
}

/** Starts an HTTP server on a free loopback port; returns its base URL (http://127.0.0.1:<port>). */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** Stops a test HTTP server (open connections included) and removes the temporary factories. */
export function stopServerAndCleanup(server: Server): void {
  server.closeAllConnections();
  server.close();
  cleanup();
}
