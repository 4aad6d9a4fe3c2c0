/** Test coverage of pipelines: activities run, branches taken, dependency conditions fired, loop bodies run. */
export * from './model';
export { CoverageCollector, coverageReport, type CoverageReport, type FactoryCoverage } from './collector';
export { coverageSummary, coverageHtml, toLcov, percent } from './output';
export { graphCoverage, pipelineCoverageOf, type GraphCoverage } from './graph';
