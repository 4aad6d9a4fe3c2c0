/** Per-stage global parameter values of a factory, for the value sets of the converted variable library. */
import type { Factory } from '../model/types';
import { globalParameterDeclarations } from '../model';
import { listStages, stageFactory } from '../stages';

/** stage name → global parameter name → value; stages that fail to load are returned as problems, not thrown. */
export async function stageGlobalValues(factory: Factory): Promise<{ values: Record<string, Record<string, unknown>>; problems: string[] }> {
  const values: Record<string, Record<string, unknown>> = {};
  const problems: string[] = [];
  for (const s of await listStages(factory.root)) {
    try {
      const applied = await stageFactory(factory, s.name);
      values[s.name] = Object.fromEntries(Object.entries(globalParameterDeclarations(applied.factory)).map(([k, d]) => [k, d.value]));
    } catch (e) {
      problems.push(`stage "${s.name}": ${(e as Error).message}`);
    }
  }
  return { values, problems };
}
