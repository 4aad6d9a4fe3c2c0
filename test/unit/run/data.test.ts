/**
 * Data activities through the DataServices interface: reference resolution (dataset()/linkedService()
 * parameters, connection overrides, Key Vault references, secrets for masking). A small local-file
 * DataServices stands in for the copy engine here.
 */
import { test, describe, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, statSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runPipeline, type DataServices, type ResolvedDataset } from '../../../src/engine/run';
import { act, ex, makeFactory, runsOf, cleanup, type FactorySpec } from './helpers';

let dataDir: string;
before(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'adfw-data-'));
  mkdirSync(path.join(dataDir, 'in'));
  writeFileSync(path.join(dataDir, 'in', 'people.json'), JSON.stringify([{ id: 1, name: 'Ada' }, { id: 2, name: 'Linus' }]));
});
after(() => {
  cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

function fileOf(ds: ResolvedDataset): string {
  const loc = ds.typeProperties.location ?? {};
  return path.join(String(ds.linkedService.typeProperties.host), loc.folderPath ?? '', loc.fileName ?? '');
}

/** Local JSON files; records every request so tests can check what the engine resolved. */
function localFiles(seen: ResolvedDataset[]): DataServices {
  return {
    async copy(req, io) {
      seen.push(req.source, req.sink);
      const rows = JSON.parse(readFileSync(fileOf(req.source), 'utf8')) as unknown[];
      mkdirSync(path.dirname(fileOf(req.sink)), { recursive: true });
      writeFileSync(fileOf(req.sink), JSON.stringify(rows));
      io.progress({ rowsRead: rows.length, rowsCopied: rows.length });
      return { rowsRead: rows.length, rowsCopied: rows.length, rowsSkipped: 0 };
    },
    async lookup(req) {
      seen.push(req.dataset);
      const rows = JSON.parse(readFileSync(fileOf(req.dataset), 'utf8')) as unknown[];
      return req.firstRowOnly ? { firstRow: rows[0] } : { count: rows.length, value: rows };
    },
    async getMetadata(req) {
      seen.push(req.dataset);
      const f = fileOf(req.dataset);
      const out: Record<string, unknown> = {};
      for (const field of req.fieldList) {
        if (field === 'exists') out.exists = existsSync(f);
        if (field === 'size') out.size = existsSync(f) ? statSync(f).size : 0;
        if (field === 'childItems') out.childItems = readdirSync(f).map((n) => ({ name: n, type: 'File' }));
      }
      return out;
    },
    async delete(req) {
      seen.push(req.dataset);
      if (req.typeProperties?.enableLogging) seen.push({ ...req.dataset, name: `log:${req.resolveLinkedService!('Files').name}:${req.activityRunId}` });
      rmSync(fileOf(req.dataset), { force: true });
      return { filesDeleted: 1 };
    },
    async dispose() {},
  };
}

function spec(activities: Record<string, unknown>[]): FactorySpec {
  return {
    pipelines: { p: { activities, parameters: { folder: { type: 'String', defaultValue: 'in' } } } },
    linkedServices: {
      Files: { type: 'FileServer', parameters: { root: { type: 'String', defaultValue: '/nowhere' } }, typeProperties: { host: ex('@{linkedService().root}'), userId: 'me', password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'Vault', type: 'LinkedServiceReference' }, secretName: 'file-password' } } },
      Vault: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://vault.example.invalid/' } },
    },
    datasets: {
      Json: { type: 'Json', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference', parameters: { root: ex('@dataset().root') } }, parameters: { root: { type: 'String' }, folder: { type: 'String' }, file: { type: 'String', defaultValue: 'people.json' } }, typeProperties: { location: { type: 'FileServerLocation', folderPath: ex('@dataset().folder'), fileName: ex('@dataset().file') } } },
    },
  };
}

const dsRef = (folder: string, file?: string) => ({ referenceName: 'Json', type: 'DatasetReference', parameters: { root: dataDir, folder, ...(file ? { file } : {}) } });

describe('data activities', () => {
  test('Lookup resolves dataset and linked service parameters, Key Vault secrets from connections, and masks them', async () => {
    const seen: ResolvedDataset[] = [];
    const factory = await makeFactory(spec([act('Look', 'Lookup', { source: { type: 'JsonSource' }, dataset: { ...dsRef('x'), parameters: { root: dataDir, folder: ex('@pipeline().parameters.folder') } }, firstRowOnly: false })]));
    const events: string[] = [];
    const r = await runPipeline({ factory, pipelineName: 'p', dataServices: localFiles(seen), connections: { Vault: { secrets: { 'file-password': 'kv-Pa55word!' } } }, onEvent: (e) => events.push(JSON.stringify(e)) });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.deepEqual(r.activityRuns[0].output, { count: 2, value: [{ id: 1, name: 'Ada' }, { id: 2, name: 'Linus' }] });
    const ds = seen[0];
    assert.deepEqual(ds.parameters, { root: dataDir, folder: 'in', file: 'people.json' });
    assert.equal(ds.linkedService.typeProperties.host, dataDir);
    assert.equal(ds.linkedService.typeProperties.password, 'kv-Pa55word!');
    assert.ok(ds.linkedService.secrets.includes('kv-Pa55word!'));
    assert.ok(!(JSON.stringify(r) + events.join()).includes('kv-Pa55word!'));
  });
  test('a missing Key Vault secret fails with the fix', async () => {
    const factory = await makeFactory(spec([act('Look', 'Lookup', { source: {}, dataset: dsRef('in') })]));
    const r = await runPipeline({ factory, pipelineName: 'p', dataServices: localFiles([]) });
    assert.match(r.activityRuns[0].error!.message, /Key Vault secret 'file-password' of linked service 'Vault' is not available.*\{"Vault": \{"secrets": \{"file-password"/);
  });
  test('connection overrides replace linked service properties', async () => {
    const seen: ResolvedDataset[] = [];
    const factory = await makeFactory(spec([act('Meta', 'GetMetadata', { dataset: { ...dsRef('in'), parameters: { root: '/elsewhere', folder: 'in' } }, fieldList: ['exists', 'size'] })]));
    const r = await runPipeline({ factory, pipelineName: 'p', dataServices: localFiles(seen), connections: { Files: { host: dataDir, password: 'override-pw' } } });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.equal((r.activityRuns[0].output as { exists: boolean }).exists, true);
    assert.equal(seen[0].linkedService.typeProperties.host, dataDir);
  });
  test('Copy resolves both datasets, reports the connector output; Delete and Validation work through the same services', async () => {
    const seen: ResolvedDataset[] = [];
    const factory = await makeFactory(
      spec([
        { ...act('Copy', 'Copy', { source: { type: 'JsonSource' }, sink: { type: 'JsonSink' } }), inputs: [dsRef('in')], outputs: [dsRef('out', 'copy.json')] },
        act('Wait4', 'Validation', { dataset: dsRef('out', 'copy.json'), timeout: '0.00:00:05', sleep: 1, minimumSize: 10 }, { Copy: 'Succeeded' }),
        act('Del', 'Delete', { dataset: dsRef('out', 'copy.json'), enableLogging: true }, { Wait4: 'Succeeded' }),
      ]),
    );
    const r = await runPipeline({ factory, pipelineName: 'p', dataServices: localFiles(seen), connections: { Vault: { secrets: { 'file-password': 'pw-123456' } } } });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.deepEqual(runsOf(r, 'Copy')[0].output, { rowsRead: 2, rowsCopied: 2, rowsSkipped: 0 });
    assert.equal(existsSync(path.join(dataDir, 'out', 'copy.json')), false, 'deleted');
    assert.equal((runsOf(r, 'Wait4')[0].output as { exists: boolean }).exists, true);
    assert.ok(seen.some((d) => d.name === `log:Files:${runsOf(r, 'Del')[0].activityRunId}`), 'Delete gets its typeProperties, run id and a linked service resolver');
  });
  test('Validation fails at its timeout when the file never appears', async () => {
    const factory = await makeFactory(spec([act('V', 'Validation', { dataset: dsRef('in', 'never.json'), timeout: '0.00:00:01', sleep: 1 })]));
    const r = await runPipeline({ factory, pipelineName: 'p', dataServices: localFiles([]), connections: { Vault: { secrets: { 'file-password': 'pw-123456' } } } });
    assert.match(r.activityRuns[0].error!.message, /Validation 'V' timed out: dataset 'Json' did not meet its conditions/);
  });
  test('unknown dataset and dataset parameters are clear failures', async () => {
    const factory = await makeFactory(spec([act('L1', 'Lookup', { source: {}, dataset: { referenceName: 'Nope', type: 'DatasetReference' } }), act('L2', 'Lookup', { source: {}, dataset: { referenceName: 'Json', type: 'DatasetReference', parameters: { root: 'x', folder: 'y', bogus: 1 } } })]));
    const r = await runPipeline({ factory, pipelineName: 'p', dataServices: localFiles([]) });
    assert.match(runsOf(r, 'L1')[0].error!.message, /Dataset 'Nope' was not found/);
    assert.match(runsOf(r, 'L2')[0].error!.message, /Dataset 'Json' has no parameter 'bogus'/);
  });
});
