/** One entry point for commands that take "a factory folder": an ADF factory, or a Fabric workspace folder. */
import { loadFactory, type Factory } from '../model';
import { isFabricWorkspace, loadFabricWorkspace, type FabricLoadOptions } from './loader';

export async function loadFactoryOrWorkspace(dir: string, opts: FabricLoadOptions = {}): Promise<Factory> {
  return (await isFabricWorkspace(dir)) ? loadFabricWorkspace(dir, opts) : loadFactory(dir);
}
