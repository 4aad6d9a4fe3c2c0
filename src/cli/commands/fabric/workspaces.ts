/**
 * adfw fabric workspaces [--json] [--endpoint URL] [--token-env NAME] [--ca FILE] [--tenant ID]
 * The workspaces the signed-in identity sees: `{"workspaces":[{"id","displayName","description","type","capacityId"?}]}`.
 */
import { parse, printedHelp, UsageError, type Command } from '../../args';
import { FABRIC_CONNECTION_OPTIONS, withFabricClient } from '../../remoteSession';

const USAGE = 'adfw fabric workspaces [--json] [--endpoint URL] [--token-env NAME] [--ca FILE] [--tenant ID]';

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { ...FABRIC_CONNECTION_OPTIONS, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}\nLists the Fabric workspaces the signed-in identity sees (token scope https://api.fabric.microsoft.com/.default).`)) return 0;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  return withFabricClient(values, io, 'adfw fabric workspaces', async (fabric, client) => {
    const workspaces = await fabric.listWorkspaces(client);
    if (values.json) io.out(JSON.stringify({ workspaces }, null, 2));
    else if (!workspaces.length) io.out('No workspace is visible to the signed-in identity.');
    else for (const w of workspaces) io.out(`${w.id}  ${w.displayName}`);
    return 0;
  });
};
export default command;
