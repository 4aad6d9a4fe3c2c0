import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { loadFactory } from '../../../src/engine/model/loader';
import { BlobEventWatcher, blobContainerSource, folderSource, watchedContainers, type WatchNotice } from '../../../src/engine/triggers';
import { startAzurite, type AzuriteHandle } from '../../helpers/servers';

const root = path.join(__dirname, '..', '..', 'fixtures', 'triggers', 'factory');
let azurite: AzuriteHandle;

before(async () => {
  azurite = await startAzurite();
});
after(async () => {
  await azurite?.stop();
});

test('blob-event round trip on azurite: created .csv under incoming/ starts the pipeline with triggerBody()', async () => {
  const f = await loadFactory(root);
  assert.deepEqual(watchedContainers(f), ['drop']);
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('drop');
  await container.create();
  await container.getBlockBlobClient('incoming/old.csv').upload('a,b\n', 4);
  const notices: WatchNotice[] = [];
  const watcher = new BlobEventWatcher(f, { sources: [await blobContainerSource(azurite.connectionString, 'drop')], onNotice: (n) => notices.push(n) });
  await watcher.baseline();
  assert.deepEqual(await watcher.poll(), [], 'existing blobs raise no events');

  await container.getBlockBlobClient('incoming/2024/sales.csv').upload('x,y\n1,2\n', 8);
  await container.getBlockBlobClient('incoming/readme.txt').upload('hi', 2);
  await container.getBlockBlobClient('incoming/empty.csv').upload('', 0);
  await container.getBlockBlobClient('other/sales.csv').upload('1', 1);
  const events = await watcher.poll();
  await watcher.idle();
  assert.equal(events.length, 4);
  const started = notices.filter((n) => n.triggers.length);
  assert.equal(started.length, 1);
  assert.equal(started[0].event.blobName, 'incoming/2024/sales.csv');
  const run = started[0].runs[0].result!.pipelineRun;
  assert.equal(run.status, 'Succeeded');
  assert.deepEqual(run.parameters, { folder: 'drop/incoming/2024', file: 'sales.csv' });
  assert.equal(run['adfw:variables']!.path, 'drop/incoming/2024/sales.csv');

  // Overwrite = created again; delete is not subscribed by the trigger.
  notices.length = 0;
  await container.getBlockBlobClient('incoming/2024/sales.csv').upload('x,y\n3,4\n', 8);
  await container.deleteBlob('incoming/old.csv');
  const next = await watcher.poll();
  await watcher.stop();
  assert.deepEqual(next.map((e) => `${e.eventType} ${e.blobName}`).sort(), ['Microsoft.Storage.BlobCreated incoming/2024/sales.csv', 'Microsoft.Storage.BlobDeleted incoming/old.csv']);
  assert.equal(notices.filter((n) => n.triggers.length).length, 1);
});

test('a local folder stands in for a container; start()/stop() poll on a timer', async () => {
  const f = await loadFactory(root);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-watch-'));
  try {
    const seen: WatchNotice[] = [];
    let resolveSeen: () => void;
    const got = new Promise<void>((r) => (resolveSeen = r));
    const watcher = new BlobEventWatcher(f, {
      sources: [folderSource('drop', dir)],
      intervalMs: 50,
      onNotice: (n) => {
        seen.push(n);
        if (n.triggers.length) resolveSeen();
      },
    });
    await watcher.start();
    await fs.mkdir(path.join(dir, 'incoming'), { recursive: true });
    await fs.writeFile(path.join(dir, 'incoming', 'day1.csv'), 'a\n1\n');
    await got;
    await watcher.stop();
    const hit = seen.find((n) => n.triggers.length)!;
    assert.deepEqual(hit.runs[0].parameters, { folder: 'drop/incoming', file: 'day1.csv' });
    assert.equal(hit.runs[0].result!.pipelineRun.status, 'Succeeded');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a folder file is reported once it stops changing, never half-written or twice', async () => {
  const f = await loadFactory(root);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-settle-'));
  try {
    const notices: WatchNotice[] = [];
    const watcher = new BlobEventWatcher(f, { sources: [folderSource('drop', dir)], onNotice: (n) => notices.push(n) });
    await watcher.baseline();
    await fs.mkdir(path.join(dir, 'incoming'));
    const file = path.join(dir, 'incoming', 'big.csv');
    await fs.writeFile(file, 'a,b\n');
    assert.deepEqual(await watcher.poll(), [], 'first sighting waits');
    await fs.appendFile(file, '1,2\n3,4\n');
    assert.deepEqual(await watcher.poll(), [], 'still changing');
    const settled = await watcher.poll();
    assert.deepEqual(settled.map((e) => [e.eventType, e.blobName, e.size]), [['Microsoft.Storage.BlobCreated', 'incoming/big.csv', 12]]);
    assert.deepEqual(await watcher.poll(), [], 'no duplicate');
    // A file removed before it settled raises nothing.
    await fs.writeFile(path.join(dir, 'incoming', 'tmp.csv'), 'x');
    assert.deepEqual(await watcher.poll(), []);
    await fs.rm(path.join(dir, 'incoming', 'tmp.csv'));
    assert.deepEqual(await watcher.poll(), []);
    await fs.rm(file);
    assert.deepEqual((await watcher.poll()).map((e) => e.eventType), ['Microsoft.Storage.BlobDeleted']);
    await watcher.stop();
    assert.equal(notices.filter((n) => n.triggers.length).length, 1);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
