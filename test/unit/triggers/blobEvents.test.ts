import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobEventMismatch, blobTriggerBody, containerOf } from '../../../src/engine/triggers/blobEvents';
import type { BlobEvents } from '../../../src/engine/triggers/model';

const blob: BlobEvents = { blobPathBeginsWith: '/drop/blobs/incoming/', blobPathEndsWith: '.csv', ignoreEmptyBlobs: true, events: ['Microsoft.Storage.BlobCreated'] };
const created = (blobName: string, size = 10, container = 'drop') => ({ eventType: 'Microsoft.Storage.BlobCreated' as const, container, blobName, size });

test('path filters: begins with /container/blobs/prefix, ends with suffix, case-sensitive', () => {
  assert.equal(blobEventMismatch(blob, created('incoming/2024/a.csv')), undefined);
  assert.match(blobEventMismatch(blob, created('incoming/a.txt')) ?? '', /does not end with \.csv/);
  assert.match(blobEventMismatch(blob, created('archive/a.csv')) ?? '', /does not begin with/);
  assert.match(blobEventMismatch(blob, created('incoming/a.csv', 10, 'other')) ?? '', /does not begin with/);
  assert.match(blobEventMismatch(blob, created('Incoming/a.csv')) ?? '', /does not begin with/);
  assert.match(blobEventMismatch(blob, created('incoming/a.CSV')) ?? '', /does not end with/);
});

test('ignoreEmptyBlobs and event types', () => {
  assert.match(blobEventMismatch(blob, created('incoming/a.csv', 0)) ?? '', /empty/);
  assert.equal(blobEventMismatch({ ...blob, ignoreEmptyBlobs: false }, created('incoming/a.csv', 0)), undefined);
  assert.match(blobEventMismatch(blob, { eventType: 'Microsoft.Storage.BlobDeleted', container: 'drop', blobName: 'incoming/a.csv' }) ?? '', /not one of/);
  assert.equal(blobEventMismatch({ ...blob, events: ['Microsoft.Storage.BlobDeleted'] }, { eventType: 'Microsoft.Storage.BlobDeleted', container: 'drop', blobName: 'incoming/a.csv' }), undefined);
});

test('triggerBody(): folderPath includes the container, fileName is the last segment', () => {
  assert.deepEqual(blobTriggerBody(created('incoming/2024/a.csv')), { folderPath: 'drop/incoming/2024', fileName: 'a.csv' });
  assert.deepEqual(blobTriggerBody(created('a.csv')), { folderPath: 'drop', fileName: 'a.csv' });
});

test('container from the filters', () => {
  assert.equal(containerOf(blob), 'drop');
  assert.equal(containerOf({ ...blob, blobPathBeginsWith: undefined, blobPathEndsWith: '/files/blobs/x.csv' }), 'files');
  assert.equal(containerOf({ ...blob, blobPathBeginsWith: undefined }), undefined);
});
