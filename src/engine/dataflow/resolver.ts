/** Dataset resolution outside a pipeline run (CLI preview, VS Code preview): the run engine's resolver with its own masker. */
import type { Factory } from '../model/types';
import type { ResolvedDataset } from '../run/types';

/** A resolveDataset function over a factory and connection overrides (linked service name -> properties). */
export function datasetResolver(factory: Factory, connections: Record<string, Record<string, unknown>> = {}): (ref: { referenceName: string; parameters?: Record<string, unknown> }) => ResolvedDataset {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolveDataset } = require('../run/resolve') as typeof import('../run/resolve');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Masker } = require('../run/secrets') as typeof import('../run/secrets');
  const shared = { factory, connections, masker: new Masker() } as unknown as Parameters<typeof resolveDataset>[0];
  return (ref) => resolveDataset(shared, ref);
}
