/**
 * adfw refs <factoryDir> <kind>/<name> [--json]
 * Who references a resource, transitively (triggers → pipelines → datasets → linked services → integration
 * runtimes, ExecutePipeline chains, data flows → datasets), and what it uses in turn.
 * Exit codes: 0 (the resource exists), 2 usage or a resource the factory does not define.
 */
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { requireFactoryDir } from '../shared';
import { LineIndex } from '../../engine/json';
import { loadFactory, RESOURCE_KINDS, type Factory } from '../../engine/model';
import { impactOf, parseResourceId, type ImpactEntry } from '../../engine/impact';

const USAGE = 'adfw refs <factoryDir> <kind>/<name> [--json]';
const HELP = `Usage: ${USAGE}

Lists every resource that references <kind>/<name>, directly or through others (depth 1 = direct), with where
each reference is written, and what the resource uses in turn. Kinds are the folder names: ${RESOURCE_KINDS.join(', ')}.
  --json  {"resource":{kind,name,file},"referencedBy":[{kind,name,file,depth,via,locations:[{file,line,column}]}],
          "uses":[...same...],"dynamicReferences":[{kind,name,file,line,column}]}`;

/** 1-based line/column of offsets in the factory's files. */
function locator(factory: Factory) {
  const lines = new Map<string, LineIndex>();
  for (const k of RESOURCE_KINDS) for (const r of factory.resources[k].values()) lines.set(r.file, r.doc.lines);
  return (file: string, offset: number) => lines.get(file)?.position(offset) ?? { line: 1, column: 1 };
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  if (positionals.length !== 2) throw new UsageError(`expected <factoryDir> and <kind>/<name>.\nUsage: ${USAGE}`);
  const [dir, idText] = positionals;
  const id = parseResourceId(idText);
  if (!id) throw new UsageError(`"${idText}" is not <kind>/<name>; kinds: ${RESOURCE_KINDS.join(', ')} (e.g. dataset/DS_Orders).`);
  await requireFactoryDir(dir);
  const factory = await loadFactory(dir);
  const result = impactOf(factory, id.kind, id.name);
  if (!result) {
    const names = [...factory.resources[id.kind].values()].map((r) => r.name).sort();
    throw new UsageError(`factory ${factory.root} defines no ${id.kind} named "${id.name}"${names.length ? ` (${id.kind}s: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})` : ''}.`);
  }
  const at = locator(factory);
  const entry = (e: ImpactEntry) => ({
    kind: e.kind,
    name: e.name,
    file: e.file ?? null,
    depth: e.depth,
    via: `${e.via.kind}/${e.via.name}`,
    locations: e.locations.map((l) => ({ file: l.file, ...at(l.file, l.offset) })),
  });
  if (values.json) {
    io.out(
      JSON.stringify({
        resource: { kind: result.resource.kind, name: result.resource.name, file: result.resource.file },
        referencedBy: result.referencedBy.map(entry),
        uses: result.uses.map(entry),
        dynamicReferences: result.dynamicReferences.map((d) => ({ kind: d.kind, name: d.name, file: d.file, ...at(d.file, d.offset) })),
      }),
    );
    return 0;
  }
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  io.out(`${result.resource.kind}/${result.resource.name} (${rel(result.resource.file)})`);
  io.out(result.referencedBy.length ? `Referenced by (${result.referencedBy.length}):` : 'Referenced by nothing.');
  for (const e of result.referencedBy) {
    const l = e.locations[0];
    const p = at(l.file, l.offset);
    io.out(`${'  '.repeat(e.depth)}${e.kind}/${e.name}  → ${e.via.kind}/${e.via.name}  ${rel(l.file)}:${p.line}:${p.column}`);
  }
  io.out(result.uses.length ? `Uses (${result.uses.length}):` : 'Uses nothing.');
  for (const e of result.uses) io.out(`${'  '.repeat(e.depth)}${e.kind}/${e.name}${e.file ? '' : '  (no file defines it)'}`);
  if (result.dynamicReferences.length) {
    io.out(`May also be referenced at run time through ${result.dynamicReferences.length} reference(s) whose ${id.kind} name is an expression:`);
    for (const d of result.dynamicReferences) {
      const p = at(d.file, d.offset);
      io.out(`  ${d.kind}/${d.name}  ${rel(d.file)}:${p.line}:${p.column}`);
    }
  }
  return 0;
};

export default command;
