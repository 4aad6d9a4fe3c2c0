/**
 * adfw fabric publish <workspaceDir> --workspace W [--only NAME]… [--dry-run] [--json] [connection flags]
 * Publishes the `<Name>.DataPipeline/` folders of a Fabric git-layout folder: their pipeline-content.json and
 * .platform become the item definition (base64 parts); an item is created when the workspace has none of that
 * name, updated (updateDefinition) when its content differs, left alone when equal.
 * `--json`: {"workspace":{"id","displayName"},"dryRun","changes":[{"name","folder","action","itemId"?,"status","error"?}],"problems":[{"file","line","column","message"}]}.
 * Exit 0 when everything was published (or planned), 1 when a file is broken or an item failed, 2 on usage errors.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../../args';
import { FABRIC_CONNECTION_OPTIONS, withFabricClient } from '../../remoteSession';

const USAGE = 'adfw fabric publish <workspaceDir> --workspace ID|NAME [--only NAME]… [--dry-run] [--json] [--endpoint URL] [--token-env NAME] [--ca FILE] [--tenant ID]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { ...FABRIC_CONNECTION_OPTIONS, workspace: { type: 'string' }, only: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nPublishes the DataPipeline items of a Fabric git-layout folder to a workspace.`)) return 0;
  if (positionals.length !== 1) throw new UsageError(`${positionals.length ? `unexpected argument "${positionals[1]}"` : 'the workspace folder is required'}.\nUsage: ${USAGE}`);
  if (!values.workspace) throw new UsageError(`--workspace is required (the target workspace id or display name).\nUsage: ${USAGE}`);
  const dir = path.resolve(positionals[0]);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`${positionals[0]} is not a folder: give the folder that holds the <Name>.DataPipeline/ items.`);
  const { readLocalPipelines } = await import('../../../engine/fabricRemote');
  const { items: all, problems } = await readLocalPipelines(dir);
  if (!all.length && !problems.length) throw new UsageError(`${positionals[0]} holds no <Name>.DataPipeline/ folder: nothing to publish.`);
  let items = all;
  if (values.only?.length) {
    const unknown = values.only.filter((n) => !all.some((i) => i.name.toLowerCase() === n.toLowerCase()));
    if (unknown.length) throw new UsageError(`--only names no local pipeline: ${unknown.join(', ')}. Pipelines: ${all.map((i) => i.name).join(', ') || '(none)'}.`);
    items = all.filter((i) => values.only!.some((n) => n.toLowerCase() === i.name.toLowerCase()));
  }
  const rel = (f: string) => path.relative(dir, f) || '.';
  const printProblems = () => {
    for (const p of problems) io.err(`${p.file}:${p.line}:${p.column} error ${p.message}`);
  };
  if (problems.length && !values.json) {
    printProblems();
    io.err(`adfw fabric publish: ${problems.length} file problem(s); nothing was published. Fix them and run again.`);
    return 1;
  }
  const { workspace } = values as { workspace: string };
  return withFabricClient(values, io, 'adfw fabric publish', async (fabric, client) => {
    const ws = await fabric.resolveWorkspace(client, workspace);
    const changes = problems.length ? [] : await fabric.publishPipelines(client, ws, items, { dryRun: values['dry-run'] });
    const shown = changes.map((c) => ({ name: c.name, folder: rel(c.folder), action: c.action, ...(c.itemId ? { itemId: c.itemId } : {}), status: c.status, ...(c.error ? { error: c.error } : {}) }));
    if (values.json) {
      io.out(JSON.stringify({ workspace: { id: ws.id, displayName: ws.displayName }, dryRun: !!values['dry-run'], changes: shown, problems: problems.map((p) => ({ ...p, file: rel(p.file) })) }, null, 2));
    } else {
      for (const c of shown) io.out(`${c.status.padEnd(9)} ${c.name}${c.action !== 'unchanged' && c.status === 'planned' ? ` (${c.action})` : ''}${c.error ? ` — ${c.error}` : ''}`);
    }
    return problems.length || changes.some((c) => c.status === 'failed') ? 1 : 0;
  });
};
export default command;
