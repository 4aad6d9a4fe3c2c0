/** Dataset resolution outside a pipeline run (CLI preview, VS Code preview): the run engine's resolver with its own masker. */
import type { Factory } from '../model/types';
import type { ResolvedDataset } from '../contracts/types';
import { resolveDataset } from './resolve';
import { Masker } from './secrets';

/** A resolveDataset function over a factory and connection overrides (linked service name -> properties). */
export function datasetResolver(factory: Factory, connections: Record<string, Record<string, unknown>> = {}): (ref: { referenceName: string; parameters?: Record<string, unknown> }) => ResolvedDataset {
  const shared = { factory, connections, masker: new Masker() };
  return (ref) => resolveDataset(shared, ref);
}
