/**
 * adfw fabric pipelines --workspace ID|NAME [--json] [connection flags]
 * The DataPipeline items of a workspace: `{"workspace":{"id","displayName"},"pipelines":[{"id","type","displayName","description","workspaceId"}]}`.
 */
import { parse, printedHelp, UsageError, type Command } from '../../args';
import { FABRIC_CONNECTION_OPTIONS, withFabricClient } from '../../remoteSession';

const USAGE = 'adfw fabric pipelines --workspace ID|NAME [--json] [--endpoint URL] [--token-env NAME] [--ca FILE] [--tenant ID]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { ...FABRIC_CONNECTION_OPTIONS, workspace: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nLists the pipelines (DataPipeline items) of a Fabric workspace.`)) return 0;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  if (!values.workspace) throw new UsageError(`--workspace is required (a workspace id or display name).\nUsage: ${USAGE}`);
  const wanted = values.workspace;
  return withFabricClient(values, io, 'adfw fabric pipelines', async (fabric, client) => {
    const ws = await fabric.resolveWorkspace(client, wanted);
    const pipelines = await fabric.listPipelines(client, ws.id);
    if (values.json) io.out(JSON.stringify({ workspace: { id: ws.id, displayName: ws.displayName }, pipelines }, null, 2));
    else if (!pipelines.length) io.out(`The workspace "${ws.displayName}" holds no pipeline.`);
    else for (const p of pipelines) io.out(`${p.id}  ${p.displayName}`);
    return 0;
  });
};
export default command;
