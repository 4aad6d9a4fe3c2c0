/**
 * adfw test-connection against real local servers: the embedded Cosmos DB server through @azure/cosmos, azurite
 * through @azure/storage-blob, a local folder; connection overrides with ${env:…}; a stage applied first;
 * failures reported without the secret; connectors the local engine lacks reported as not testable.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { testConnection } from '../../../src/engine/run';
import { CosmosClientPool } from '../../../src/engine/connectors/cosmos/client';
import command from '../../../src/cli/commands/testConnection';
import { startCosmosServer, startAzurite, type CosmosServerHandle, type AzuriteHandle } from '../../helpers/servers';

const ls = (name: string, type: string, typeProperties: Record<string, unknown>) => ({ name, properties: { type, typeProperties } });

describe('test-connection (local servers)', () => {
  let cosmos: CosmosServerHandle;
  let azurite: AzuriteHandle;
  let dir: string;
  let conns: string;

  before(async () => {
    [cosmos, azurite] = await Promise.all([startCosmosServer(), startAzurite()]);
    const pool = new CosmosClientPool();
    await (await pool.client({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'sales' })).databases.createIfNotExists({ id: 'sales' });
    pool.dispose();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-testconn-'));
    await fs.mkdir(path.join(dir, 'linkedService'));
    await fs.mkdir(path.join(dir, 'data'));
    await fs.mkdir(path.join(dir, 'deployment'));
    const write = (n: string, body: unknown) => fs.writeFile(path.join(dir, 'linkedService', `${n}.json`), JSON.stringify(body));
    await write('LS_Cosmos', ls('LS_Cosmos', 'CosmosDb', { connectionString: 'AccountEndpoint=https://example.documents.azure.com:443/;Database=sales' }));
    await write('LS_CosmosMissingDb', ls('LS_CosmosMissingDb', 'CosmosDb', { connectionString: 'AccountEndpoint=https://example.documents.azure.com:443/;Database=nothere' }));
    await write('LS_Blob', ls('LS_Blob', 'AzureBlobStorage', { connectionString: 'DefaultEndpointsProtocol=https;AccountName=example' }));
    await write('LS_Files', ls('LS_Files', 'FileServer', { host: path.join(dir, 'data') }));
    await write('LS_Sql', ls('LS_Sql', 'AzureSqlDatabase', { connectionString: 'Server=tcp:x.database.windows.net' }));
    await fs.writeFile(path.join(dir, 'deployment', 'config-broken.csv'), `type,name,path,value\nlinkedService,LS_Files,typeProperties.host,${path.join(dir, 'nowhere')}\n`);
    conns = path.join(dir, 'connections.json');
    await fs.writeFile(
      conns,
      JSON.stringify({
        LS_Cosmos: { connectionString: '${env:ADFW_T_COSMOS};Database=sales' },
        LS_CosmosMissingDb: { connectionString: '${env:ADFW_T_COSMOS};Database=nothere' },
        LS_Blob: { connectionString: '${env:ADFW_T_BLOB}' },
      }),
    );
    process.env.ADFW_T_COSMOS = cosmos.connectionString.replace(/;$/, '');
    process.env.ADFW_T_BLOB = azurite.connectionString;
  });
  after(async () => {
    delete process.env.ADFW_T_COSMOS;
    delete process.env.ADFW_T_BLOB;
    await Promise.all([cosmos?.stop(), azurite?.stop()]);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const connections = async () => (await import('../../../src/engine/run')).loadConnections(conns);

  it('connects to Cosmos DB, Blob and a folder through the connection overrides', async () => {
    const f = await loadFactory(dir);
    const c = await connections();
    const cos = await testConnection(f, 'LS_Cosmos', { connections: c });
    assert.deepEqual([cos.tested, cos.ok], [true, true], cos.message);
    assert.match(cos.message, /database "sales" exists/);
    const blob = await testConnection(f, 'LS_Blob', { connections: c });
    assert.deepEqual([blob.tested, blob.ok], [true, true], blob.message);
    const files = await testConnection(f, 'ls_files', { connections: c });
    assert.deepEqual([files.ok, files.linkedService], [true, 'LS_Files']);
  });

  it('reports failures (a missing database, a wrong key) without the secret', async () => {
    const f = await loadFactory(dir);
    const c = await connections();
    const missing = await testConnection(f, 'LS_CosmosMissingDb', { connections: c });
    assert.deepEqual([missing.tested, missing.ok], [true, false]);
    const badKey = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';
    const wrong = await testConnection(f, 'LS_Blob', { connections: { LS_Blob: { connectionString: azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${badKey}`) } }, timeoutMs: 20_000 });
    assert.deepEqual([wrong.tested, wrong.ok], [true, false]);
    assert.ok(!wrong.message.includes(badKey), wrong.message);
  });

  it('says it cannot test connectors the local engine lacks', async () => {
    const r = await testConnection(await loadFactory(dir), 'LS_Sql');
    assert.deepEqual([r.tested, r.ok], [false, false]);
    assert.match(r.message, /cannot be tested from here.*no test-connectivity operation/);
  });

  it('CLI: exit 0 connected, 1 failed or not testable, the stage applied first, 2 for an unknown linked service', async () => {
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await command(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    let r = await run([dir, 'LS_Cosmos', '--connections', conns, '--json']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.deepEqual(Object.keys(JSON.parse(r.out)), ['linkedService', 'type', 'tested', 'ok', 'message', 'durationMs']);
    r = await run([dir, 'LS_Files', '--stage', 'broken']);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAILED: LS_Files .*nowhere does not exist/);
    r = await run([dir, 'LS_Sql']);
    assert.equal(r.code, 1);
    assert.match(r.out, /^not tested: LS_Sql/);
    r = await run([dir, 'LS_Nope']);
    assert.equal(r.code, 2);
  });
});
