/**
 * ARM export against templates exported by ADF itself (ADFW_ARM_CORPUS, default the corpus' `arm` folder, read in
 * place): each template turned back into ADF's git layout and exported again gives the same resources, dependsOn
 * and (for factory exports) parameters.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../src/engine/model';
import { buildArmTemplate } from '../../src/engine/armExport';
import { summary, templateToGit } from '../helpers/armTemplate';
import { ARM_CORPUS, requireCorpus } from './location';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'adfw-arm-'));
}

describe('ARM template export (corpus)', () => {
  it('reproduces the resources, dependsOn and parameters of templates exported by ADF (corpus)', async () => {
    const CORPUS = requireCorpus(ARM_CORPUS);
    const files = (await fs.readdir(CORPUS, { recursive: true })).filter((f) => String(f).endsWith('.json')).map((f) => path.join(CORPUS, String(f)));
    let compared = 0;
    for (const file of files) {
      const original = JSON.parse(await fs.readFile(file, 'utf8'));
      if (!Array.isArray(original.resources) || !original.parameters?.factoryName) continue;
      const dir = await tempDir();
      try {
        await templateToGit(original, dir);
        const factory = await loadFactory(dir);
        const { template } = buildArmTemplate(factory, { factoryName: 'x' });
        const mine = summary(template);
        const theirs = summary(original);
        assert.deepEqual(mine.resources, theirs.resources, `${path.basename(file)}: resources and dependsOn`);
        // Gallery templates parameterise linked-service *references* instead of properties; compare parameters
        // only for factory exports (those whose parameters follow ADF's resource-path naming).
        const pathNamed = theirs.parameters.filter((p) => p !== 'factoryName').every((p) => /_properties_|_connectionString$|_sasUri$/.test(p));
        if (pathNamed) assert.deepEqual(mine.parameters, theirs.parameters, `${path.basename(file)}: parameters`);
        compared++;
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
    assert.ok(compared >= 1, 'at least one corpus template compared');
  });
});
