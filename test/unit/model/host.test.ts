/** The loader and validatePath read through an injected file host: an overlay puts unsaved texts in front of the disk. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { discoverFactories, loadFactory, nodeFileHost, overlayFileHost } from '../../../src/engine/model';
import { validatePath } from '../../../src/engine/validate';
import { memoryHost } from '../../helpers/memoryHost';

const FIXTURE = path.resolve(__dirname, '../../fixtures/validate/cosmosCopy');
const COPY = path.join(FIXTURE, 'pipeline', 'CopyOrders.json');

test('validatePath through an overlay host validates the unsaved text, not the disk', async () => {
  const disk = await fs.readFile(COPY, 'utf8');
  const unsaved = disk.replace(/"dependsOn": \[\]/, '"dependsOn": [{ "activity": "Ghost", "dependencyConditions": ["Succeeded"] }]');
  assert.notEqual(unsaved, disk, 'the fixture has an activity without dependencies');
  const host = overlayFileHost(nodeFileHost, (f) => (f === COPY ? unsaved : undefined));
  const onDisk = await validatePath(COPY);
  assert.deepEqual(onDisk.diagnostics.filter((d) => d.code === 'ADF2020'), []);
  const overlaid = await validatePath(COPY, host);
  const unknown = overlaid.diagnostics.filter((d) => d.code === 'ADF2020');
  assert.equal(unknown.length, 1, JSON.stringify(overlaid.diagnostics));
  assert.equal(unsaved.slice(unknown[0].offset, unknown[0].offset + unknown[0].length), '"Ghost"');
  // The overlay answers stat for its files; listings come from the disk.
  assert.equal((await host.stat(COPY)).isFile(), true);
  assert.deepEqual((await host.readDirectory(path.dirname(COPY))).map((e) => e.name).sort(), (await fs.readdir(path.dirname(COPY))).sort());
});

test('discovery and loading through an in-memory host need no disk', async () => {
  const root = path.resolve('/', 'nowhere', 'f');
  const host = memoryHost(
    new Map([
      [path.join(root, 'pipeline', 'P.json'), JSON.stringify({ name: 'P', properties: { activities: [] } })],
      [path.join(root, 'pipeline', 'notes.txt'), 'not json'],
      [path.join(root, 'dataset', 'D.json'), '{ "name": '],
    ]),
  );
  assert.deepEqual((await discoverFactories(path.dirname(root), 8, host)).map((r) => [r.root, r.kinds]), [[root, ['pipeline', 'dataset']]]);
  const f = await loadFactory(root, host);
  assert.deepEqual([...f.resources.pipeline.keys()], ['P']);
  assert.deepEqual(f.ignoredFiles, [path.join(root, 'pipeline', 'notes.txt'), path.join(root, 'dataset', 'D.json')]);
  assert.ok(f.diagnostics.some((d) => d.file === path.join(root, 'dataset', 'D.json') && d.code === 'ADF0001'));
  await assert.rejects(validatePath(path.join(root, 'missing.json'), host), /ENOENT/);
});
