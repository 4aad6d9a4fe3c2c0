/**
 * Reading stage files. Three formats:
 *  - azure.datafactory.tools' CSV, `deployment/config-<stage>.csv`: columns `type,name,path,value`, `#` comment
 *    lines, `+path` adds, `-path` removes, paths relative to `properties` unless they start with `$`;
 *  - the same tool's JSON form, `deployment/config-<stage>.json`: `{"<name>": [{"name": path, "value", "action"}]}`;
 *  - the project's own format, `deployment/<stage>.stage.json` (schemas/stage.schema.json): `variables`,
 *    `resources` (selected by `kind.name` with wildcards; `set`/`add`/`remove` by path from the resource's root),
 *    `globalParameters` and `triggers`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseJsonDocument, nodeAt, type JsonDocument } from '../json';
import { RESOURCE_KINDS } from '../model';
import { parsePath, PathSyntaxError } from './paths';
import { StageError, type Stage, type StageProblem, type StageRule, type StageSource, type TriggerRule } from './types';

/** Kinds a stage row may name: the model's folders plus managed private endpoints (azure.datafactory.tools' list). */
export const STAGE_KINDS: readonly string[] = [...RESOURCE_KINDS, 'managedPrivateEndpoint'];
export const STAGE_FOLDER = 'deployment';

function kindName(type: string): string | undefined {
  if (type === '*') return '*';
  const lower = type.toLowerCase();
  return STAGE_KINDS.find((k) => k.toLowerCase() === lower) ?? (/[*?[]/.test(type) ? type : undefined);
}

/** Finds the file of a stage: a path to a .csv/.json file, or a name looked up in `<factory>/deployment/`. */
export async function findStageFile(factoryRoot: string, stage: string): Promise<string> {
  if (/\.(csv|json)$/i.test(stage) || stage.includes('/') || stage.includes('\\')) {
    const file = path.resolve(stage);
    try {
      await fs.access(file);
    } catch {
      throw new StageError(`Stage file ${file} does not exist.`, []);
    }
    return file;
  }
  const dir = path.join(factoryRoot, STAGE_FOLDER);
  let names: string[] = [];
  try {
    names = await fs.readdir(dir);
  } catch {
    // no deployment folder: reported below
  }
  const wanted = [`config-${stage}.csv`, `config-${stage}.json`, `${stage}.stage.json`].map((n) => n.toLowerCase());
  const found = names.filter((n) => wanted.includes(n.toLowerCase()));
  if (found.length === 1) return path.join(dir, found[0]);
  if (found.length > 1) throw new StageError(`Stage "${stage}" is defined by ${found.length} files in ${dir}: ${found.join(', ')}. Keep one of them.`, []);
  const known = stageNames(names);
  throw new StageError(`No stage "${stage}" in ${dir}: expected config-${stage}.csv, config-${stage}.json or ${stage}.stage.json.${known.length ? ` Stages found: ${known.join(', ')}.` : ''}`, []);
}

function stageNames(files: string[]): string[] {
  const out = new Set<string>();
  for (const n of files) {
    const m = /^config-(.+)\.(csv|json)$/i.exec(n) ?? /^(.+)\.stage\.json$/i.exec(n);
    if (m) out.add(m[1]);
  }
  return [...out].sort();
}

/** The stages defined in a factory's deployment folder. */
export async function listStages(factoryRoot: string): Promise<{ name: string; file: string }[]> {
  const dir = path.join(factoryRoot, STAGE_FOLDER);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: { name: string; file: string }[] = [];
  for (const n of names) {
    const m = /^config-(.+)\.(csv|json)$/i.exec(n) ?? /^(.+)\.stage\.json$/i.exec(n);
    if (m) out.push({ name: m[1], file: path.join(dir, n) });
  }
  return out;
}

/** Reads a stage by name (or file) for a factory. */
export async function loadStage(factoryRoot: string, stage: string): Promise<Stage> {
  const file = await findStageFile(factoryRoot, stage);
  const text = await fs.readFile(file, 'utf8');
  const name = /\.stage\.json$/i.test(file) ? path.basename(file).replace(/\.stage\.json$/i, '') : path.basename(file).replace(/^config-/i, '').replace(/\.(csv|json)$/i, '');
  return parseStageText(file, text, name);
}

/** Parses a stage file's text; the format follows the file name. */
export function parseStageText(file: string, text: string, name: string): Stage {
  if (/\.csv$/i.test(file)) return { name, files: [file], format: 'csv', variables: {}, rules: parseCsvStage(file, text), globalParameters: [], triggers: [] };
  const doc = parseJsonDocument(file, text);
  if (doc.diagnostics.length) {
    throw new StageError(`Stage file ${file} is not valid JSON.`, doc.diagnostics.map((d) => ({ file, ...doc.lines.position(d.offset), message: d.message })));
  }
  if (/\.stage\.json$/i.test(file)) return parseOwnStage(doc, name);
  return { name, files: [file], format: 'adt-json', variables: {}, rules: parseAdtJson(doc), globalParameters: [], triggers: [] };
}

/** Rule path: `+`/`-` prefix gives the action (CSV and the ADT JSON form). */
function pathWithAction(raw: string): { action: StageRule['action']; text: string; offset: number } {
  const t = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  if (t.startsWith('+')) return { action: 'add', text: t.slice(1), offset: lead + 1 };
  if (t.startsWith('-')) return { action: 'remove', text: t.slice(1), offset: lead + 1 };
  return { action: 'update', text: t, offset: lead };
}

function parseCsvStage(file: string, text: string): StageRule[] {
  const problems: StageProblem[] = [];
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    .split(/\r?\n/)
    .map((l) => (l.trimStart().startsWith('#') ? '' : l))
    .join('\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(body, { info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }) as any;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new StageError(`Stage file ${file} is not valid CSV.`, [{ file, line: err.lines ?? 1, column: 1, message: `${err.message.replace(/^.*?: /, '')} — enclose values that contain commas or quotes in double quotes, and double the quotes inside ("").` }]);
  }
  const rules: StageRule[] = [];
  if (!records.length) throw new StageError(`Stage file ${file} is empty.`, [{ file, line: 1, column: 1, message: 'expected the header line "type,name,path,value" followed by one row per property.' }]);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  if (header.join(',') !== 'type,name,path,value') {
    throw new StageError(`Stage file ${file} has no valid header.`, [{ file, line: records[0].info.lines, column: 1, message: `the first line must be "type,name,path,value" (found "${records[0].record.join(',')}").` }]);
  }
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const at = (column: number, message: string) => problems.push({ file, line, column, message });
    if (record.length < 3 || record.length > 4) {
      at(1, `expected 4 columns (type,name,path,value), found ${record.length}: enclose a value that contains commas in double quotes.`);
      continue;
    }
    const [typeRaw, nameRaw, pathRaw, value] = record;
    const type = kindName(typeRaw.trim());
    if (!type) {
      at(1, `unknown type "${typeRaw}": use one of ${STAGE_KINDS.join(', ')}.`);
      continue;
    }
    const name = nameRaw.trim();
    if (!name) {
      at(typeRaw.length + 2, 'the name column is empty: give the resource name (wildcards * ? [ ] allowed).');
      continue;
    }
    const pa = pathWithAction(pathRaw);
    const pathColumn = typeRaw.length + nameRaw.length + 3;
    let parsed;
    try {
      parsed = parsePath(pa.text);
    } catch (e) {
      const col = e instanceof PathSyntaxError ? e.column : 1;
      at(pathColumn + pa.offset + col - 1, `invalid path "${pathRaw}": ${(e as Error).message}.`);
      continue;
    }
    if (pa.action !== 'remove' && record.length < 4) {
      at(pathColumn, `the row has no value column: add ",<value>" (or prefix the path with "-" to remove the property).`);
      continue;
    }
    rules.push({ source: { file, line, column: 1 }, kind: type, name, action: pa.action, pathText: pa.text, path: parsed, relativeTo: 'properties', value: pa.action === 'remove' ? undefined : { text: value } });
  }
  if (problems.length) throw new StageError(`Stage file ${file} has ${problems.length} malformed row(s).`, problems);
  return rules;
}

function positionOf(doc: JsonDocument, p: (string | number)[], key = false): StageSource {
  const n = nodeAt(doc, p);
  const target = key && n?.parent?.type === 'property' ? n.parent : n;
  return { file: doc.file, ...doc.lines.position(target?.offset ?? 0) };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function parseAdtJson(doc: JsonDocument): StageRule[] {
  const problems: StageProblem[] = [];
  const rules: StageRule[] = [];
  const v = doc.value;
  const file = doc.file;
  if (!isObj(v)) throw new StageError(`Stage file ${file} must be an object mapping resource names to lists of {"name": path, "value", "action"}.`, [{ file, line: 1, column: 1, message: 'expected {"<resource name>": [{"name": "$.properties.…", "value": "…"}]}.' }]);
  for (const [resName, list] of Object.entries(v)) {
    if (!Array.isArray(list)) {
      problems.push({ ...positionOf(doc, [resName]), message: `"${resName}" must be a list of {"name": path, "value": …, "action": "update"|"add"|"remove"}.` });
      continue;
    }
    // "<kind>.<name>" keys select one kind; a bare name selects that name in any kind.
    const dot = resName.indexOf('.');
    const kind = dot > 0 ? kindName(resName.slice(0, dot)) : undefined;
    const name = kind ? resName.slice(dot + 1) : resName;
    list.forEach((item, i) => {
      const src = positionOf(doc, [resName, i]);
      if (!isObj(item) || typeof item.name !== 'string') {
        problems.push({ ...src, message: 'expected {"name": "<property path>", "value": …, "action": "update"|"add"|"remove"}.' });
        return;
      }
      const action = item.action === undefined ? 'update' : item.action;
      if (action !== 'update' && action !== 'add' && action !== 'remove') {
        problems.push({ ...positionOf(doc, [resName, i, 'action']), message: `unknown action "${String(action)}": use "update", "add" or "remove".` });
        return;
      }
      let parsed;
      try {
        parsed = parsePath(item.name);
      } catch (e) {
        problems.push({ ...positionOf(doc, [resName, i, 'name']), message: `invalid path "${item.name}": ${(e as Error).message}.` });
        return;
      }
      if (action !== 'remove' && item.value === undefined) {
        problems.push({ ...src, message: 'the entry has no "value" (use "action": "remove" to remove the property).' });
        return;
      }
      const value = action === 'remove' ? undefined : typeof item.value === 'string' ? { text: item.value } : { json: item.value };
      rules.push({ source: src, kind, name, action, pathText: item.name, path: parsed, relativeTo: 'properties', value });
    });
  }
  if (problems.length) throw new StageError(`Stage file ${file} has ${problems.length} malformed entr${problems.length === 1 ? 'y' : 'ies'}.`, problems);
  return rules;
}

const OWN_KEYS = new Set(['$schema', 'description', 'variables', 'resources', 'globalParameters', 'triggers']);

function parseOwnStage(doc: JsonDocument, name: string): Stage {
  const problems: StageProblem[] = [];
  const file = doc.file;
  const v = doc.value;
  const stage: Stage = { name, files: [file], format: 'adfw', variables: {}, rules: [], globalParameters: [], triggers: [] };
  if (!isObj(v)) throw new StageError(`Stage file ${file} must be an object.`, [{ file, line: 1, column: 1, message: 'expected {"resources": [...], "globalParameters": {...}, "triggers": {...}}.' }]);
  const bad = (p: (string | number)[], message: string, key = false) => problems.push({ ...positionOf(doc, p, key), message });
  for (const k of Object.keys(v)) if (!OWN_KEYS.has(k)) bad([k], `unknown member "${k}": allowed are ${[...OWN_KEYS].join(', ')}.`, true);
  if (v.variables !== undefined) {
    if (!isObj(v.variables)) bad(['variables'], '"variables" must be an object of strings.');
    else for (const [k, x] of Object.entries(v.variables)) {
      if (typeof x !== 'string') bad(['variables', k], `variable "${k}" must be a string.`);
      else stage.variables[k] = x;
    }
  }
  if (v.resources !== undefined) {
    if (!Array.isArray(v.resources)) bad(['resources'], '"resources" must be a list of {"resource": "kind.name", "set"/"add"/"remove"}.');
    else v.resources.forEach((entry, i) => {
      const at: (string | number)[] = ['resources', i];
      if (!isObj(entry) || typeof entry.resource !== 'string') {
        bad(at, 'expected {"resource": "<kind>.<name>" (wildcards allowed), "set": {...}, "add": {...}, "remove": [...]}.');
        return;
      }
      const sel = entry.resource;
      const dot = sel.indexOf('.');
      const kind = dot > 0 ? kindName(sel.slice(0, dot)) : undefined;
      if (!kind) {
        bad([...at, 'resource'], `"${sel}" must be "<kind>.<name>" with kind one of ${STAGE_KINDS.join(', ')} or *, e.g. "linkedService.LS_*".`);
        return;
      }
      const resName = sel.slice(dot + 1);
      for (const k of Object.keys(entry)) if (!['resource', 'set', 'add', 'remove', 'description'].includes(k)) bad([...at, k], `unknown member "${k}": use "set", "add" or "remove".`, true);
      const pathRule = (p: string, pos: (string | number)[], action: StageRule['action'], value: unknown) => {
        try {
          stage.rules.push({ source: positionOf(doc, pos, action !== 'remove'), kind, name: resName, action, pathText: p, path: parsePath(p), relativeTo: 'root', value: action === 'remove' ? undefined : { json: value } });
        } catch (e) {
          bad(pos, `invalid path "${p}": ${(e as Error).message}.`, action !== 'remove');
        }
      };
      for (const act of ['set', 'add'] as const) {
        const m = entry[act];
        if (m === undefined) continue;
        if (!isObj(m)) bad([...at, act], `"${act}" must be an object mapping property paths to values.`);
        else for (const [p, x] of Object.entries(m)) pathRule(p, [...at, act, p], act === 'set' ? 'update' : 'add', x);
      }
      if (entry.remove !== undefined) {
        if (!Array.isArray(entry.remove) || entry.remove.some((x) => typeof x !== 'string')) bad([...at, 'remove'], '"remove" must be a list of property paths.');
        else entry.remove.forEach((p, j) => pathRule(p as string, [...at, 'remove', j], 'remove', undefined));
      }
    });
  }
  if (v.globalParameters !== undefined) {
    if (!isObj(v.globalParameters)) bad(['globalParameters'], '"globalParameters" must map parameter names to values (or {"type", "value"}).');
    else for (const [gp, x] of Object.entries(v.globalParameters)) {
      const src = positionOf(doc, ['globalParameters', gp], true);
      if (isObj(x) && 'value' in x) {
        if (typeof x.type !== 'string' || !GP_TYPES.includes(x.type.toLowerCase())) bad(['globalParameters', gp], `global parameter "${gp}": "type" must be one of String, Int, Float, Bool, Array, Object.`);
        else stage.globalParameters.push({ source: src, name: gp, type: x.type, value: x.value });
      } else stage.globalParameters.push({ source: src, name: gp, value: x });
    }
  }
  if (v.triggers !== undefined) {
    if (!isObj(v.triggers)) bad(['triggers'], '"triggers" must map trigger names (wildcards allowed) to {"runtimeState", "recurrence", "startTime", "endTime"}.');
    else for (const [tn, x] of Object.entries(v.triggers)) {
      const at = ['triggers', tn];
      if (!isObj(x)) {
        bad(at, 'expected {"runtimeState": "Started"|"Stopped", "recurrence": {...}, "startTime": "…", "endTime": "…"}.');
        continue;
      }
      const rule: TriggerRule = { source: positionOf(doc, at, true), name: tn };
      for (const [k, y] of Object.entries(x)) {
        if (k === 'runtimeState' && (y === 'Started' || y === 'Stopped')) rule.runtimeState = y;
        else if (k === 'recurrence' && isObj(y)) rule.recurrence = y;
        else if ((k === 'startTime' || k === 'endTime') && typeof y === 'string') rule[k] = y;
        else bad([...at, k], k === 'runtimeState' ? '"runtimeState" must be "Started" or "Stopped".' : ['recurrence', 'startTime', 'endTime'].includes(k) ? `"${k}" has the wrong type (recurrence: object, startTime/endTime: ISO 8601 string).` : `unknown member "${k}": use runtimeState, recurrence, startTime or endTime.`, !['runtimeState', 'recurrence', 'startTime', 'endTime'].includes(k));
      }
      stage.triggers.push(rule);
    }
  }
  if (problems.length) throw new StageError(`Stage file ${file} has ${problems.length} problem(s).`, problems);
  return stage;
}

const GP_TYPES = ['string', 'int', 'float', 'bool', 'array', 'object'];
