/**
 * adfw dataflow: mapping data flows on the local DuckDB engine.
 *   adfw dataflow parse <factoryDir> <dataflow> [--json]           the parsed graph, or the printed script (--print)
 *   adfw dataflow validate <factoryDir> [<dataflow>] [--json]      data flow diagnostics
 *   adfw dataflow preview <factoryDir> <dataflow> <stream> [--rows N] [--row-limit N] [--param k=v] [--connections f] --json
 *     --row-limit: rows read per source (ADF's debug row limit, default 1000; 0 reads whole sources); --source-rows is its older name
 *   adfw dataflow run <factoryDir> <dataflow> [--param k=v] [--connections f] [--json]
 */
import * as path from 'node:path';
import * as os from 'node:os';
import { keyValues, parse, UsageError, type CliIo, type Command } from '../args';
import { loadFactory } from '../../engine/model';
import { findResource } from '../../engine/model';
import type { Factory } from '../../engine/model/types';
import { DEFAULT_PREVIEW_ROW_LIMIT, documentOf, lineColumn, printScript, previewDataFlow, runDataFlowActivity, stripSpans, validateDataFlowDocument, validateDataFlows } from '../../engine/dataflow';
import { datasetResolver } from '../../engine/run';
import { ActivityFailure } from '../../engine/contracts';

const USAGE = 'adfw dataflow <parse|validate|preview|run> <factoryDir> [<dataflow>] [<stream>] [--rows N] [--row-limit N] [--param name=value] [--connections file] [--now ISO] [--print] [--json]';

async function factoryAt(dir: string | undefined): Promise<Factory> {
  if (!dir) throw new UsageError(`missing <factoryDir>.\nUsage: ${USAGE}`);
  return loadFactory(path.resolve(dir));
}

function dataflowOf(factory: Factory, name: string | undefined) {
  if (!name) throw new UsageError(`missing <dataflow>.\nUsage: ${USAGE}`);
  const r = findResource(factory, 'dataflow', name);
  if (!r) throw new UsageError(`no data flow "${name}" in ${factory.root}. Data flows: ${[...factory.resources.dataflow.keys()].join(', ') || '(none)'}.`);
  return r;
}

async function connectionsOf(file: string | undefined): Promise<Record<string, Record<string, unknown>>> {
  if (!file) return {};
  const { loadConnections } = await import('../../engine/run/index');
  return loadConnections(path.resolve(file));
}

function failure(io: CliIo, json: boolean, e: unknown): number {
  if (e instanceof ActivityFailure || (e as { errorCode?: string })?.errorCode) {
    const f = e as ActivityFailure;
    if (json) io.out(JSON.stringify({ error: { errorCode: f.errorCode, message: f.message, failureType: f.failureType } }, null, 2));
    else io.err(`error ${f.errorCode}: ${f.message}`);
    return 1;
  }
  throw e;
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    { rows: { type: 'string' }, 'row-limit': { type: 'string' }, 'source-rows': { type: 'string' }, param: { type: 'string', multiple: true }, connections: { type: 'string' }, json: { type: 'boolean' }, print: { type: 'boolean' }, now: { type: 'string' } },
    USAGE,
  );
  const [sub, dir, name, stream] = positionals;
  if (values.help || !sub) {
    io.out(`Usage: ${USAGE}`);
    return values.help ? 0 : 2;
  }
  const json = !!values.json;
  switch (sub) {
    case 'parse': {
      const factory = await factoryAt(dir);
      const doc = documentOf(dataflowOf(factory, name));
      if (values.print) io.out(printScript(doc.script));
      else if (json) io.out(JSON.stringify({ name: doc.name, errors: doc.script.errors.map((e) => ({ ...e, ...lineColumn(doc.text, e.offset) })), parameters: doc.graph.parameters.map((p) => p.name), transformations: doc.graph.nodes.map((n) => ({ name: n.name, op: n.op, kind: n.kind, inputs: n.inputs.map((i) => (i.branch ? `${i.name}@${i.branch}` : i.name)), branches: n.branches, options: stripSpans(n.options) })) }, null, 2));
      else for (const n of doc.graph.nodes) io.out(`${n.name.padEnd(28)} ${n.kind.padEnd(18)} ${n.inputs.map((i) => (i.branch ? `${i.name}@${i.branch}` : i.name)).join(', ')}`);
      for (const e of doc.script.errors) {
        const { line, column } = lineColumn(doc.text, e.offset);
        io.err(`${doc.resource?.file}: script ${line}:${column}: ${e.message}`);
      }
      return doc.script.errors.length ? 1 : 0;
    }
    case 'validate': {
      const factory = await factoryAt(dir);
      const diags = name ? validateDataFlowDocument(documentOf(dataflowOf(factory, name)), { factory }) : validateDataFlows(factory);
      if (json) io.out(JSON.stringify(diags.map((d) => ({ ...d, ...(factory.resources.dataflow.size ? positionIn(factory, d.file, d.offset) : {}) })), null, 2));
      else {
        for (const d of diags) {
          const p = positionIn(factory, d.file, d.offset);
          io.out(`${d.file}:${p.line}:${p.column}: ${d.severity} ${d.code}: ${d.message}`);
        }
        io.out(`${diags.filter((d) => d.severity === 'error').length} error(s), ${diags.filter((d) => d.severity === 'warning').length} warning(s).`);
      }
      return diags.some((d) => d.severity === 'error') ? 1 : 0;
    }
    case 'preview': {
      if (!stream) throw new UsageError(`missing <stream>.\nUsage: ${USAGE}`);
      const rows = values.rows === undefined ? 100 : Number(values.rows);
      if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--rows expects a non-negative integer, got "${values.rows}".`);
      if (values['row-limit'] !== undefined && values['source-rows'] !== undefined) throw new UsageError('give --row-limit or its older name --source-rows, not both.');
      const flag = values['row-limit'] !== undefined ? '--row-limit' : '--source-rows';
      const given = values['row-limit'] ?? values['source-rows'];
      const limit = given === undefined ? DEFAULT_PREVIEW_ROW_LIMIT : Number(given);
      if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`${flag} expects a non-negative integer (0 reads whole sources), got "${given}".`);
      const sourceRows = limit === 0 ? undefined : limit;
      const factory = await factoryAt(dir);
      dataflowOf(factory, name);
      try {
        const r = await previewDataFlow({ factory, dataflow: name!, stream, rows, sourceRows, parameters: keyValues(values.param, '--param'), resolveDataset: datasetResolver(factory, await connectionsOf(values.connections)), now: values.now ? new Date(values.now) : undefined, workDir: path.join(os.tmpdir(), 'adfw-dataflow') });
        if (json) io.out(JSON.stringify(r, null, 2));
        else io.out(table(r.columns.map((c) => c.name), r.rows) + `\n(${r.rows.length} of ${r.rowCount} rows${sourceRows === undefined ? '' : `; sources read up to ${sourceRows} rows each (--row-limit)`})`);
        return 0;
      } catch (e) {
        return failure(io, json, e);
      }
    }
    case 'run': {
      const factory = await factoryAt(dir);
      dataflowOf(factory, name);
      const ac = new AbortController();
      const now = values.now ? new Date(values.now) : new Date();
      try {
        const out = await runDataFlowActivity(factory, { dataflow: { referenceName: name, type: 'DataFlowReference', parameters: keyValues(values.param, '--param') } }, { signal: ac.signal, log: (l, m) => (l === 'error' || l === 'warn' ? io.err(m) : undefined), progress: () => {}, workDir: path.join(os.tmpdir(), 'adfw-dataflow'), now: () => now }, datasetResolver(factory, await connectionsOf(values.connections)));
        if (json) io.out(JSON.stringify(out, null, 2));
        else {
          const metrics = (out.runStatus as { metrics: Record<string, { rowsWritten: number; sources: Record<string, { rowsRead: number }> }> }).metrics;
          for (const [sink, m] of Object.entries(metrics)) io.out(`${sink}: ${m.rowsWritten} row(s) written (read: ${Object.entries(m.sources).map(([s, v]) => `${s} ${v.rowsRead}`).join(', ')})`);
        }
        return 0;
      } catch (e) {
        return failure(io, json, e);
      }
    }
    default:
      throw new UsageError(`unknown subcommand "${sub}".\nUsage: ${USAGE}`);
  }
};

function positionIn(factory: Factory, file: string, offset: number): { line: number; column: number } {
  const r = [...factory.resources.dataflow.values()].find((x) => x.file === file);
  return r ? lineColumn(r.doc.text, offset) : { line: 1, column: 1 };
}

function table(cols: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = cols.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i])).join(' | ');
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

export default command;
