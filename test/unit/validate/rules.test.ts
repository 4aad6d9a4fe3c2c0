import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addFile, covered, edit, expectProblems, fixture, FIXTURE, lineOf, problems } from './helpers';

test('the fixture factory (Cosmos copy + control flow) validates clean', async () => {
  const f = await fixture();
  assert.equal(f.resources.pipeline.size, 2);
  assert.deepEqual(problems(f), []);
});

test('ADF2001 unresolved dataset reference, with a suggestion and the exact range', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"referenceName": "SinkOrders"', '"referenceName": "SinkOrdrs"'));
  const [d] = expectProblems(f, [['ADF2001', '"SinkOrdrs"']]);
  assert.match(d.message, /no dataset named "SinkOrdrs".*did you mean "SinkOrders"/);
  assert.equal(d.data?.suggestion, 'SinkOrders');
  assert.equal(lineOf(f, d), 62);
});

test('ADF2001 unresolved references of every kind', async () => {
  const f = await fixture();
  edit(f, 'dataset', 'SourceOrders', (t) => t.replace('"CosmosSource"', '"CosmosMissing"'));
  edit(f, 'linkedService', 'CosmosSink', (t) => t.replace('"ManagedIR"', '"SelfHostedIR"').replace('"KeyVault"', '"OtherVault"'));
  edit(f, 'trigger', 'DailyCopy', (t) => t.replace('"CopyOrders"', '"CopyOrdersV2"'));
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"referenceName": "NotifyDone"', '"referenceName": "NotifyAll"'));
  const ds = problems(f);
  assert.deepEqual(
    ds.map((d) => [d.code, covered(f, d)]).sort(),
    [
      ['ADF2001', '"CopyOrdersV2"'],
      ['ADF2001', '"CosmosMissing"'],
      ['ADF2001', '"NotifyAll"'],
      ['ADF2001', '"OtherVault"'],
      ['ADF2001', '"SelfHostedIR"'],
    ],
  );
  assert.ok(ds.some((d) => /no integration runtime named "SelfHostedIR"/.test(d.message)));
  assert.ok(ds.some((d) => /no pipeline named "CopyOrdersV2"/.test(d.message)));
});

test('dynamic reference names are not resolved statically', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"referenceName": "SinkOrders"', '"referenceName": "@pipeline().parameters.containers[0]"'));
  assert.deepEqual(problems(f), []);
});

test('ADF2002 duplicate resource names are case-insensitive', async () => {
  const f = await fixture();
  addFile(f, 'pipeline', 'copyorders_copy.json', { name: 'copyorders', properties: { activities: [] } });
  const ds = problems(f).filter((d) => d.code === 'ADF2002');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /Duplicate pipeline name "copyorders": also defined in CopyOrders.json/);
});

test('ADF2003 naming rules: dashes in datasets, forbidden characters, integration runtime names', async () => {
  const f = await fixture();
  addFile(f, 'dataset', 'Sink-Archive.json', { name: 'Sink-Archive', properties: { type: 'Json', linkedServiceName: { referenceName: 'CosmosSink', type: 'LinkedServiceReference' } } });
  addFile(f, 'pipeline', 'Copy.Archive.json', { name: 'Copy.Archive', properties: { activities: [] } });
  addFile(f, 'integrationRuntime', 'Self--Hosted.json', { name: 'Self--Hosted', properties: { type: 'SelfHosted' } });
  const ds = problems(f).filter((d) => d.code === 'ADF2003');
  assert.deepEqual(ds.map((d) => covered(f, d)).sort(), ['"Copy.Archive"', '"Self--Hosted"', '"Sink-Archive"']);
  assert.ok(ds.every((d) => d.severity === 'error'));
});

test('ADF2010 activity names are unique within a pipeline, nested containers included', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"name": "Set status"', '"name": "Copy container"').replace('"activity": "Set status"', '"activity": "Copy container"'));
  const [d] = expectProblems(f, [['ADF2010', '"Copy container"']]);
  assert.match(d.message, /also on line 20/);
});

test('ADF2011 invalid activity names', async () => {
  const f = await fixture();
  const long = 'Wait for the search index to catch up with all the copied documents';
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"name": "Fail incomplete"', '"name": "Fail: incomplete"').replace(/"Wait for indexing"/g, JSON.stringify(long)));
  const ds = expectProblems(f, [
    ['ADF2011', '"Fail: incomplete"'],
    ['ADF2011', JSON.stringify(long)],
  ]);
  assert.match(ds[1].message, /at most 55/);
});

test('ADF2020 dependsOn an unknown activity, or one in another container', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"activity": "Check result"', '"activity": "Check results"').replace('"activity": "Set status"', '"activity": "Copy container"'));
  const ds = expectProblems(f, [
    ['ADF2020', '"Copy container"'],
    ['ADF2020', '"Check results"'],
  ]);
  assert.match(ds[0].message, /not in the same branch of "Check result"/);
  assert.match(ds[1].message, /did you mean "Check result"/);
});

test('ADF2021 dependsOn cycles', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) =>
    t.replace('"name": "Copy containers",\n\t\t\t\t"type": "ForEach",\n\t\t\t\t"dependsOn": []', '"name": "Copy containers",\n\t\t\t\t"type": "ForEach",\n\t\t\t\t"dependsOn": [{"activity": "Notify", "dependencyConditions": ["Failed"]}]'),
  );
  const ds = problems(f);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].code, 'ADF2021');
  assert.ok(['"Notify"', '"Check result"', '"Copy containers"'].includes(covered(f, ds[0])));
  assert.match(ds[0].message, /Dependency cycle: .*"Copy containers".*"Notify"/);
});

test('ADF2021 an activity depending on itself', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"activity": "Set status"', '"activity": "Wait for indexing"'));
  const [d] = expectProblems(f, [['ADF2021', '"Wait for indexing"']]);
  assert.match(d.message, /depends on itself/);
});

test('ADF2022 unknown dependency conditions', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"Completed"', '"Finished"').replace('"Succeeded"\n\t\t\t\t\t\t]\n\t\t\t\t\t}\n\t\t\t\t],\n\t\t\t\t"userProperties": [],\n\t\t\t\t"typeProperties": {\n\t\t\t\t\t"pipeline"', '"succeeded"\n\t\t\t\t\t\t]\n\t\t\t\t\t}\n\t\t\t\t],\n\t\t\t\t"userProperties": [],\n\t\t\t\t"typeProperties": {\n\t\t\t\t\t"pipeline"'));
  const ds = expectProblems(f, [
    ['ADF2022', '"Finished"'],
    ['ADF2022', '"succeeded"'],
  ]);
  assert.equal(ds[1].data?.suggestion, 'Succeeded');
});

test('ADF2030 pipeline parameters referenced but not declared (position inside the string)', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"@pipeline().parameters.batchSize"', '"@pipeline().parameters.batchSze"'));
  const [d] = expectProblems(f, [['ADF2030', 'batchSze']]);
  assert.match(d.message, /did you mean "batchSize"/);
  assert.deepEqual(d.data, { fix: 'declareParameter', name: 'batchSze' });
});

test('ADF2031 variables used or set but not declared', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"variableName": "status"', '"variableName": "state"').replace("@join(variables('copied'), ', ')", "@join(variables('copies'), ', ')"));
  const ds = expectProblems(f, [
    ['ADF2031', '"state"'],
    ['ADF2031', 'copies'],
  ]);
  assert.equal(ds[0].data?.fix, 'declareVariable');
});

test('ADF2039 a SetVariable value that references the variable it sets (Set Variable page: use a temporary variable)', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"value": "complete"', `"value": "@concat(variables('status'), '!')"`));
  const [d] = expectProblems(f, [['ADF2039', 'status']]);
  assert.match(d.message, /self referencing variable "status"/);
  // Reading the variable in another variable's value (the increment pattern) is fine.
  const g = await fixture();
  edit(g, 'pipeline', 'CopyOrders', (t) => t.replace('"value": "complete"', `"value": "@string(length(variables('copied')))"`));
  expectProblems(g, []);
});

test('ADF2032 variables of the wrong type', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"value": "complete"', '"value": true').replace('"variableName": "copied"', '"variableName": "status"').replace('"defaultValue": "pending"', '"defaultValue": ["pending"]'));
  const ds = expectProblems(f, [
    ['ADF2032', '"status"'],
    ['ADF2032', 'true'],
    ['ADF2032', '"defaultValue"'],
  ]);
  assert.match(ds[0].message, /AppendVariable needs an Array variable/);
  assert.match(ds[1].message, /declared String but this SetVariable assigns a boolean/);
});

test('ADF2033 SetVariable on the pipeline return value without setSystemVariable', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'NotifyDone', (t) => t.replace('"setSystemVariable": true', '"setSystemVariable": false'));
  const [d] = expectProblems(f, [['ADF2033', '"pipelineReturnValue"']]);
  assert.match(d.message, /setSystemVariable/);
});

test('ADF2034 and ADF2035: activity() naming an unknown or not-yet-run activity', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace("activity('Copy container').output.rowsCopied", "activity('Copy contaner').output.rowsCopied").replace("'Copied only '", "activity('Notify').output.pipelineRunId"));
  const ds = expectProblems(f, [
    ['ADF2034', 'Copy contaner'],
    ['ADF2035', 'Notify'],
  ]);
  assert.equal(ds[1].severity, 'warning');
});

test('ADF2036 and ADF2037: global and dataset parameters not declared', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'NotifyDone', (t) => t.replace('globalParameters.environment', 'globalParameters.env'));
  edit(f, 'dataset', 'SinkOrders', (t) => t.replace('@dataset().container', '@dataset().containerName'));
  expectProblems(f, [
    ['ADF2037', 'containerName'],
    ['ADF2036', 'env'],
  ]);
});

test('ADF2040 nesting ADF forbids: ForEach in ForEach, If in If; ADF2044 Validation in a container', async () => {
  const f = await fixture();
  const inner = (type: string, name: string, tp: object) => JSON.stringify({ name, type, dependsOn: [], typeProperties: tp });
  edit(f, 'pipeline', 'CopyOrders', (t) =>
    t
      .replace('"activities": [\n\t\t\t\t\t\t{\n\t\t\t\t\t\t\t"name": "Copy container"', `"activities": [${inner('ForEach', 'Per partition', { items: { value: '@range(0, 4)', type: 'Expression' }, activities: [] })}, ${inner('Validation', 'Source ready', { dataset: { referenceName: 'SourceOrders', type: 'DatasetReference' } })},\n\t\t\t\t\t\t{\n\t\t\t\t\t\t\t"name": "Copy container"`)
      .replace('"ifTrueActivities": [', `"ifTrueActivities": [${inner('IfCondition', 'Nested check', { expression: { value: '@true', type: 'Expression' } })},`),
  );
  const ds = expectProblems(f, [
    ['ADF2040', '"ForEach"'],
    ['ADF2044', '"Validation"'],
    ['ADF2040', '"IfCondition"'],
  ]);
  assert.match(ds[0].message, /cannot be nested in a ForEach \("Copy containers"\)/);
});

test('ADF2041 too many activities; ADF2043 too many parameters', async () => {
  const f = await fixture();
  const activities = Array.from({ length: 121 }, (_, i) => ({ name: `Wait ${i}`, type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }));
  const parameters = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, { type: 'string', defaultValue: '' }]));
  addFile(f, 'pipeline', 'Big.json', { name: 'Big', properties: { activities, parameters } });
  const ds = expectProblems(f, [
    ['ADF2041', '"activities"'],
    ['ADF2043', '"parameters"'],
  ]);
  assert.match(ds[0].message, /121 activities .* at most 120/);
});

test('ADF2042 ForEach batchCount above 50 (one semantic diagnostic, not a second schema one)', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"batchCount": 4', '"batchCount": 60'));
  const [d] = expectProblems(f, [['ADF2042', '60']]);
  assert.equal(d.severity, 'error');
});

test('ADF2050 unknown activity types get a suggestion', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"type": "Wait"', '"type": "Wiat"'));
  const ds = problems(f).filter((d) => d.code === 'ADF2050');
  assert.equal(ds.length, 1);
  assert.equal(covered(f, ds[0]), '"Wiat"');
  assert.match(ds[0].message, /did you mean "Wait"/);
});

test('ADF2051 ExecutePipeline and triggers must pass parameters without defaults', async () => {
  const f = await fixture();
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"runSummary": {', '"summary": {'));
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace(',\n\t\t\t\t"defaultValue": [\n\t\t\t\t\t"orders"\n\t\t\t\t]', ''));
  edit(f, 'trigger', 'DailyCopy', (t) => t.replace('"containers": [', '"tables": ['));
  const ds = expectProblems(f, [
    ['ADF2051', '"NotifyDone"'],
    ['ADF2051', '"CopyOrders"'],
    // The trigger engine's own rule: a binding for a parameter the pipeline does not declare.
    ['ADF6010', '"tables"'],
  ]);
  assert.match(ds[0].message, /needs parameter "runSummary"/);
  assert.match(ds[1].message, /this trigger/);
});

test('ADF3xxx expression syntax errors land on the right column despite JSON escapes', async () => {
  const original = `"@concat('Copied only ', string(length(variables('copied'))), ' containers')"`;
  const cases: [string, string, string][] = [
    // [string as written in the file, expected code, text the diagnostic covers]
    [`"@concat('Copied \\"only\\"\\n ', string(length(variables('copied'))), ' containers'"`, 'ADF3003', '"'],
    [`"@concat('a\\tb', \\u0021, 'c')"`, 'ADF3001', '\\u0021'],
    [`"x @{concat('\\"', ]} y"`, 'ADF3003', ']'],
  ];
  for (const [bad, code, text] of cases) {
    const f = await fixture();
    edit(f, 'pipeline', 'CopyOrders', (t) => t.replace(original, bad));
    const ds = problems(f);
    assert.deepEqual(ds.map((d) => [d.code, d.source, covered(f, d)]), [[code, 'expression', text]], bad);
  }
});

test('ADF0001 invalid JSON is a diagnostic, and the resource still resolves by file name', async () => {
  const f = await fixture();
  edit(f, 'dataset', 'SinkOrders', (t) => t.replace('"annotations": [],', '"annotations": [],,'));
  const ds = problems(f);
  assert.ok(ds.length >= 1);
  assert.ok(ds.every((d) => d.code === 'ADF0001'));
  assert.ok(!ds.some((d) => d.code === 'ADF2001'), 'references to the broken dataset still resolve');
});

test('ADF2052 dataset references must pass dataset parameters without defaults (not inside data flows)', async () => {
  const f = await fixture();
  edit(f, 'dataset', 'SinkOrders', (t) => t.replace('"type": "string",\n\t\t\t\t"defaultValue": "orders"', '"type": "string"'));
  edit(f, 'pipeline', 'CopyOrders', (t) => t.replace('"parameters": {\n\t\t\t\t\t\t\t\t\t\t"container": "@item()"\n\t\t\t\t\t\t\t\t\t}', '"parameters": {}'));
  const [d] = expectProblems(f, [['ADF2052', '"SinkOrders"']]);
  assert.match(d.message, /Dataset "SinkOrders" needs parameter "container"/);
});

test('ADF2050 resource types unknown to the specification are warnings with a suggestion', async () => {
  const f = await fixture();
  edit(f, 'dataset', 'SinkOrders', (t) => t.replace('"CosmosDbSqlApiCollection"', '"CosmosDbSqlCollection"'));
  const ds = problems(f).filter((d) => d.code === 'ADF2050');
  assert.deepEqual(ds.map((d) => [d.severity, covered(f, d)]), [['warning', '"CosmosDbSqlCollection"']]);
  assert.match(ds[0].message, /did you mean "CosmosDbSqlApiCollection"/);
});

test('ADF2038 a key the called pipeline does not return', async () => {
  const f = await fixture();
  const p = f.resources.pipeline.get('CopyOrders')!;
  const json = JSON.parse(p.doc.text);
  json.properties.activities.push({
    name: 'Keep summary',
    type: 'SetVariable',
    dependsOn: [{ activity: 'Notify', dependencyConditions: ['Succeeded'] }],
    typeProperties: { variableName: 'status', value: "@activity('Notify').output.pipelineReturnValue.summry" },
  });
  addFile(f, 'pipeline', 'CopyOrders.json', json);
  const [d] = expectProblems(f, [['ADF2038', 'summry']]);
  assert.match(d.message, /does not return "summry"; its return value has "summary"/);
  assert.equal(d.severity, 'warning');
});

test('validatePath on one resource file validates its factory and reports that file only', async () => {
  const { validatePath } = await import('../../../src/engine/validate');
  const path = await import('node:path');
  const file = path.join(FIXTURE, 'pipeline', 'CopyOrders.json');
  const r = await validatePath(file);
  assert.equal(r.factories.length, 1);
  assert.equal(r.factories[0].resources.pipeline.size, 2);
  assert.deepEqual(r.diagnostics, []);
  await assert.rejects(validatePath(path.join(FIXTURE, 'nope')), /ENOENT/);
  const folder = await validatePath(path.join(FIXTURE, 'dataset'));
  assert.equal(folder.factories.length, 1);
  assert.equal(folder.factories[0].root, FIXTURE);
});
