import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { edit, expectProblems, fixture, problems } from './helpers';

test('ADF2023 "Completed" together with "Succeeded" on one dependency', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"Completed"\n', '"Completed",\n\t\t\t\t\t\t\t"Succeeded"\n'));
  const [d] = expectProblems(f, [['ADF2023', '"dependencyConditions"']]);
  assert.equal(d.severity, 'error');
  assert.match(d.message, /depends on "Copy containers" with "Completed" and "Succeeded"/);
  assert.deepEqual(d.data?.remove, ['Succeeded']);
});

test('ADF2023 "Completed" with both outcomes names both', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"Completed"\n', '"Failed", "Completed", "Succeeded"\n'));
  const ds = problems(f).filter((d) => d.code === 'ADF2023');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /"Completed" and "Failed" and "Succeeded"/);
  assert.deepEqual(ds[0].data?.remove, ['Failed', 'Succeeded']);
});

test('"Completed" alone, or "Succeeded" with "Failed" or "Skipped", is allowed', async () => {
  for (const conditions of ['"Completed"', '"Succeeded", "Failed"', '"Completed", "Skipped"']) {
    const f = await fixture();
    if (conditions !== '"Completed"') edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"Completed"\n', `${conditions}\n`));
    assert.deepEqual(problems(f).map((d) => d.code), [], conditions);
  }
});
