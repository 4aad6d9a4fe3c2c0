/** Per-environment configuration (stages): reading stage files and applying them to a factory. */
export { applyStage, type AppliedStage, type ApplyOptions } from './apply';
export { findStageFile, listStages, loadStage, parseStageText, STAGE_FOLDER, STAGE_KINDS } from './files';
export { parsePath, formatPath, getPath, setPath, removePath, PathSyntaxError, type ParsedPath, type PathSegment } from './paths';
export { wildcardMatch, wildcardRegExp, hasWildcard } from './wildcard';
export { StageError, type Stage, type StageRule, type StageChange, type StageProblem, type StageSource, type StageValue, type GlobalParameterRule, type TriggerRule } from './types';

import type { Factory } from '../model/types';
import { applyStage, type AppliedStage, type ApplyOptions } from './apply';
import { loadStage } from './files';

/** Loads the stage `name` (or a stage file path) of a factory and applies it. */
export async function stageFactory(factory: Factory, name: string, opts: ApplyOptions = {}): Promise<AppliedStage> {
  return applyStage(factory, await loadStage(factory.root, name), opts);
}
