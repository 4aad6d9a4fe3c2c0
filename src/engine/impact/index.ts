/** Impact analysis: transitive referrers and uses of a resource, unused resources, the factory dependency graph. */
export * from './impact';
export * from './graph';
