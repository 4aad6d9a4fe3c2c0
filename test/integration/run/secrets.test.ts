/**
 * Secrets never leave the engine: connection strings, account keys, SAS tokens, Key Vault secrets and secure
 * parameters are masked in records, events, logs, error messages and the run store, even when a connector
 * echoes them.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runPipeline, RunStore, loadConnections, type DataServices } from '../../../src/engine/run';
import { act, ex, makeFactory, cleanup } from '../../unit/run/helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'adfw-secrets-'));
after(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('a connector that echoes its credentials cannot leak them', async () => {
  const accountKey = randomBytes(32).toString('base64');
  const sig = encodeURIComponent(randomBytes(24).toString('base64'));
  const sasUri = `https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=${sig}`;
  const kvSecret = `kv-${randomBytes(6).toString('hex')}`;
  const secureParam = `sp-${randomBytes(6).toString('hex')}`;
  const conn = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${accountKey};EndpointSuffix=core.windows.net`;
  const connFile = path.join(dir, 'connections.json');
  require('node:fs').writeFileSync(connFile, JSON.stringify({ Src: { connectionString: '${env:SRC_CONN}' }, Dst: { sasUri: '${env:DST_SAS}' }, Vault: { secrets: { dbpw: '${env:DB_PW}' } } }));
  const connections = await loadConnections(connFile, { SRC_CONN: conn, DST_SAS: sasUri, DB_PW: kvSecret });
  await assert.rejects(loadConnections(connFile, {}), /environment variable SRC_CONN is not set/);

  const factory = await makeFactory({
    pipelines: {
      p: {
        parameters: { pw: { type: 'SecureString' } },
        activities: [
          { ...act('Copy', 'Copy', { source: { type: 'JsonSource' }, sink: { type: 'JsonSink' } }), inputs: [{ referenceName: 'In', type: 'DatasetReference' }], outputs: [{ referenceName: 'Out', type: 'DatasetReference' }] },
          act('Echo', 'SetVariable', { variableName: 'v', value: ex("@concat('pw=', pipeline().parameters.pw)") }),
        ],
        variables: { v: { type: 'String' } },
      },
    },
    linkedServices: {
      Src: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'placeholder', password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'Vault', type: 'LinkedServiceReference' }, secretName: 'dbpw' } } },
      Dst: { type: 'AzureBlobStorage', typeProperties: { sasUri: { type: 'SecureString', value: 'placeholder' } } },
      Vault: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://v.vault.azure.net/' } },
    },
    datasets: {
      In: { type: 'Json', linkedServiceName: { referenceName: 'Src', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'in' } } },
      Out: { type: 'Json', linkedServiceName: { referenceName: 'Dst', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'out' } } },
    },
  });
  const leaky: DataServices = {
    async copy(req, io) {
      const src = req.source.linkedService.typeProperties;
      const dst = req.sink.linkedService.typeProperties;
      io.log('info', `connecting with ${src.connectionString} and ${dst.sasUri} (password ${src.password})`);
      io.progress({ connectionString: src.connectionString, rowsRead: 1 });
      throw new Error(`cannot reach ${dst.sasUri}; key ${accountKey}; sig ${decodeURIComponent(sig)}; ${src.connectionString}`);
    },
    lookup: async () => ({}),
    getMetadata: async () => ({}),
    delete: async () => ({}),
    dispose: async () => undefined,
  };
  const events: string[] = [];
  const store = new RunStore(path.join(dir, 'runs'));
  const r = await runPipeline({ factory, pipelineName: 'p', parameters: { pw: secureParam }, connections, dataServices: leaky, store, onEvent: (e) => events.push(JSON.stringify(e)) });
  assert.equal(r.pipelineRun.status, 'Failed');
  assert.match(r.activityRuns.find((a) => a.activityName === 'Copy')!.error!.message, /cannot reach \*\*\*; key \*\*\*; sig \*\*\*; \*\*\*/);
  assert.ok(events.some((e) => e.includes('connecting with ***')), 'the log line is kept, masked');
  const stored = readdirSync(path.join(dir, 'runs')).map((f) => readFileSync(path.join(dir, 'runs', f), 'utf8'));
  const all = [JSON.stringify(r), ...events, ...stored].join('\n');
  for (const s of [accountKey, sasUri, decodeURIComponent(sig), sig, kvSecret, secureParam, conn]) assert.ok(!all.includes(s), `leaked ${s.slice(0, 12)}...`);
});
