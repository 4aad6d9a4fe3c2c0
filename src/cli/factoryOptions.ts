/**
 * Options shared by the commands that deploy or compare a factory folder (publish, drift, export-arm): --stage
 * applies a stage; --include/--exclude/--rules/--changed-since/--with-dependencies select resources.
 */
import * as path from 'node:path';
import { UsageError, type CliIo } from './args';

export const SELECTION_OPTIONS = {
  stage: { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  rules: { type: 'string' },
  'changed-since': { type: 'string' },
  'with-dependencies': { type: 'boolean' },
} as const;

type Factory = Awaited<ReturnType<typeof import('../engine/model').loadFactory>>;
type Selection = import('../engine/publish').SelectionOptions;

/**
 * Applies --stage and turns the selection options into the engine's SelectionOptions. Shared with drift and
 * export-arm. Stage and git problems are printed (exit 1); bad rules files are usage errors.
 */
export async function prepareFactory(
  factory: Factory,
  values: { stage?: string; include?: string[]; exclude?: string[]; rules?: string; 'changed-since'?: string; 'with-dependencies'?: boolean },
  io: CliIo,
  label: string,
): Promise<{ factory: Factory; selection?: Selection; stageFile?: string } | { exitCode: number }> {
  const stages = await import('../engine/stages');
  const pub = await import('../engine/publish');
  let staged = factory;
  let stageKeys: string[] = [];
  let stageFile: string | undefined;
  if (values.stage) {
    try {
      const stage = await stages.loadStage(factory.root, values.stage);
      const applied = stages.applyStage(factory, stage);
      staged = applied.factory;
      stageFile = stage.files[0];
      stageKeys = [...new Set(applied.changes.map((c) => (c.kind === 'factory' || c.kind === 'globalParameters' ? pub.selectionKey('globalParameters', 'default') : pub.selectionKey(c.kind, c.name))))];
      io.err(`${label}: stage "${stage.name}" from ${path.relative(process.cwd(), stageFile) || stageFile}: ${applied.changes.length} value(s) applied`);
    } catch (e) {
      if (e instanceof stages.StageError) {
        io.err(`${label}: ${e.message}`);
        return { exitCode: 1 };
      }
      throw e;
    }
  }
  const include = [...(values.include ?? [])];
  const exclude = [...(values.exclude ?? [])];
  if (values.rules) {
    try {
      const r = await pub.readRulesFile(path.resolve(values.rules));
      include.push(...r.include);
      exclude.push(...r.exclude);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  let changed: Set<string> | undefined;
  const ref = values['changed-since'];
  if (ref) {
    try {
      changed = (await pub.changedSince(staged, ref, stageFile ? [{ file: stageFile, keys: stageKeys }] : [])).keys;
    } catch (e) {
      if (e instanceof pub.GitError) {
        io.err(`${label}: ${e.message}`);
        return { exitCode: 1 };
      }
      throw e;
    }
  }
  const filtering = include.length > 0 || exclude.length > 0 || changed !== undefined;
  const selection: Selection | undefined = filtering ? { rules: { include, exclude }, changed, changedLabel: ref, withDependencies: values['with-dependencies'] } : undefined;
  return { factory: staged, selection, stageFile };
}
