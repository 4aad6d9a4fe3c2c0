import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import { validateTriggers } from '../../../src/engine/triggers/validate';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'triggers');

test('the valid fixture factory has no trigger errors or warnings', async () => {
  const f = await loadFactory(path.join(fixtures, 'factory'));
  assert.deepEqual(validateTriggers(f).filter((d) => d.severity !== 'info').map((d) => `${path.basename(d.file)} ${d.code} ${d.message}`), []);
});

test('invalid triggers: each problem is reported at its node with a fix', async () => {
  const f = await loadFactory(path.join(fixtures, 'invalid'));
  const diags = validateTriggers(f);
  const has = (file: string, code: string, re: RegExp) => {
    const d = diags.find((x) => path.basename(x.file) === file && x.code === code && re.test(x.message));
    assert.ok(d, `expected ${code} ${re} in ${file}; got:\n${diags.map((x) => `${path.basename(x.file)} ${x.code} ${x.message}`).join('\n')}`);
    return d!;
  };
  has('BadZone.json', 'ADF6003', /Atlantis Standard Time/);
  const hour = has('BadZone.json', 'ADF6008', /25 is not a valid hour/);
  const text = f.resources.trigger.get('BadZone')!.doc.text;
  assert.equal(text.slice(hour.offset, hour.offset + hour.length), '25');
  has('LocalWithZ.json', 'ADF6005', /must not carry "Z"/);
  has('LocalWithZ.json', 'ADF6006', /endTime/);
  has('LocalWithZ.json', 'ADF6007', /monthDays/);
  has('LocalWithZ.json', 'ADF6010', /no parameter "nope"/);
  has('LocalWithZ.json', 'ADF6017', /windowStartTime/);
  has('CycleA.json', 'ADF6011', /frequency/);
  has('CycleA.json', 'ADF6011', /delay/);
  has('CycleB.json', 'ADF6012', /BadZone" is a ScheduleTrigger/);
  has('CycleB.json', 'ADF6012', /cycle: CycleB → CycleA → CycleB|cycle: CycleA → CycleB → CycleA/);
  has('BadBlob.json', 'ADF6014', /blobPathBeginsWith/);
  has('BadBlob.json', 'ADF6014', /BlobChanged/);
  assert.ok(diags.every((d) => d.source === 'trigger' && /^ADF6\d{3}$/.test(d.code)));
  // Covered by the schema and reference validators, not repeated here.
  assert.ok(!diags.some((d) => /Funday|maxConcurrency|does not exist in this factory/.test(d.message) && !/Trigger "/.test(d.message)));
});

test('a schedule that can never fire is reported', async () => {
  const { resourceFromText } = await import('../../../src/engine/model/loader');
  const f = await loadFactory(path.join(fixtures, 'factory'));
  const text = JSON.stringify({ name: 'Never', properties: { type: 'ScheduleTrigger', pipelines: [], typeProperties: { recurrence: { frequency: 'Month', interval: 12, startTime: '2024-02-01T00:00:00Z', timeZone: 'UTC', schedule: { monthDays: [30] } } } } });
  const { resource } = resourceFromText('trigger', path.join(fixtures, 'factory', 'trigger', 'Never.json'), text);
  f.resources.trigger.set('Never', resource!);
  assert.ok(validateTriggers(f).some((d) => d.code === 'ADF6015'));
});
