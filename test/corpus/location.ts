/**
 * Where the real-factory conformance corpus lives. `ADFW_CORPUS` names the folder of ADF factories (default
 * `../shared/corpus/adf` beside the repository); ADF's exported ARM templates are read from `ADFW_ARM_CORPUS`
 * (default: the `arm` folder next to the ADF corpus). The corpus is read in place, never copied into the project.
 * These suites run only through `npm run test:corpus`; a missing corpus fails them, it never skips them.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

/** The ADF factory corpus folder (absolute). */
export const CORPUS = path.resolve(REPO, process.env.ADFW_CORPUS || path.join('..', 'shared', 'corpus', 'adf'));

/** The folder of ARM templates exported by ADF (absolute). */
export const ARM_CORPUS = path.resolve(REPO, process.env.ADFW_ARM_CORPUS || path.join(CORPUS, '..', 'arm'));

/** Throws a clear error when a corpus folder is missing. */
export function requireCorpus(dir: string = CORPUS): string {
  if (!existsSync(dir)) {
    const which = dir === ARM_CORPUS ? 'ADFW_ARM_CORPUS' : 'ADFW_CORPUS';
    throw new Error(`The real-factory corpus is missing: ${dir}. Set ${which} to its folder, or put the corpus at ../shared/corpus beside the repository. The corpus suite never skips.`);
  }
  return dir;
}
