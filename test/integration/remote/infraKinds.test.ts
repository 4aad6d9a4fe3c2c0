/**
 * Everything a factory holds, through publish against the emulator with the real @azure/arm-datafactory client:
 * a managed virtual network (as ADF's git integration writes it), a managed private endpoint (created, its approval
 * left to the target's owner and said so), a user-assigned managed identity credential, a managed integration
 * runtime in the network, a linked self-hosted integration runtime, linked services using them, global parameters.
 * A rerun converges with zero writes; the ARM export of the same folder holds the same resources.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory } from '../../../src/engine/publish';
import { listResources, getResource, getFactory, type RemoteSession } from '../../../src/engine/remote';
import { buildArmTemplate } from '../../../src/engine/armExport';
import { loadManagedPrivateEndpoints } from '../../../src/engine/model';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, SUB, RG } from './setup';

const INFRA = path.join(__dirname, '..', '..', 'fixtures', 'remote', 'infra');

describe('publish: managed networks, private endpoints, credentials, linked integration runtimes, global parameters', () => {
  let em: Emulator;
  let s: RemoteSession;
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'infra' };
  before(async () => {
    em = await emulator({ pageSize: 50 });
    s = await session(em);
    await createFactory(s, ref.factory);
  });
  after(async () => em.stop());

  it('publishes every kind in dependency order, says who approves the endpoint, and converges', async () => {
    const factory = await loadFactory(INFRA);
    const first = await publishFactory(s, ref, factory);
    assert.ok(first.ok, JSON.stringify(first.changes.filter((c) => c.status !== 'succeeded' && c.status !== 'unchanged')));
    const created = first.changes.filter((c) => c.action === 'create').map((c) => `${c.kind}/${c.name}`);
    assert.deepEqual(created, ['globalParameters/default', 'managedVirtualNetwork/default', 'managedPrivateEndpoint/default/pe-lake', 'credential/uami', 'integrationRuntime/ManagedVnetIR', 'integrationRuntime/SharedSHIR', 'linkedService/Lake', 'linkedService/OnPrem', 'pipeline/Noop']);
    const pe = first.changes.find((c) => c.kind === 'managedPrivateEndpoint')!;
    assert.match(pe.note!, /Pending until the owner of \/subscriptions\/.*storageAccounts\/lake approves it/);
    // Order of the writes: network before endpoint and runtime, credential before the linked service that uses it.
    const puts = em.requests.filter((r) => r.method === 'PUT').map((r) => r.path.split('/').slice(-2).join('/'));
    const at = (x: string) => puts.findIndex((p) => p.toLowerCase() === x.toLowerCase());
    assert.ok(at('managedVirtualNetworks/default') < at('managedPrivateEndpoints/pe-lake'));
    assert.ok(at('managedVirtualNetworks/default') < at('integrationRuntimes/ManagedVnetIR'));
    assert.ok(at('credentials/uami') < at('linkedservices/Lake'));

    const remotePe = await getResource(s, ref, 'managedPrivateEndpoint', 'default/pe-lake');
    assert.equal(remotePe!.properties.connectionState.status, 'Pending');
    assert.equal(remotePe!.properties.provisioningState, 'Succeeded');
    assert.ok((await getResource(s, ref, 'managedVirtualNetwork', 'default'))!.properties.vNetId);
    assert.equal((await getResource(s, ref, 'integrationRuntime', 'SharedSHIR'))!.properties.typeProperties.linkedInfo.authorizationType, 'Rbac');
    assert.equal((await getResource(s, ref, 'credential', 'uami'))!.properties.type, 'ManagedIdentity');
    assert.deepEqual((await getFactory(s, ref))!.properties.globalParameters, { env: { type: 'String', value: 'dev' } });
    assert.deepEqual((await listResources(s, ref, 'managedPrivateEndpoint')).map((r) => r.name), ['default/pe-lake']);

    const mark = em.requests.length;
    const again = await publishFactory(s, ref, factory);
    assert.ok(again.ok);
    assert.deepEqual(again.changes.filter((c) => c.status !== 'unchanged').map((c) => `${c.kind}/${c.name}`), [], 'server-generated members do not count as changes');
    assert.equal(em.requests.slice(mark).filter((r) => r.method !== 'GET').length, 0, 'a converged rerun writes nothing');
    assert.match(again.changes.find((c) => c.kind === 'managedPrivateEndpoint')!.note!, /is Pending until the owner/);

    // The ARM export holds the same resources.
    const arm = buildArmTemplate(factory, { privateEndpoints: await loadManagedPrivateEndpoints(INFRA), includeGlobalParameters: true });
    const names = arm.entries.map((e) => `${e.kind}/${e.name}`).sort();
    assert.deepEqual(names, ['credential/uami', 'globalParameters/default', 'integrationRuntime/ManagedVnetIR', 'integrationRuntime/SharedSHIR', 'linkedService/Lake', 'linkedService/OnPrem', 'managedPrivateEndpoint/default/pe-lake', 'managedVirtualNetwork/default', 'pipeline/Noop']);
    const ir = arm.entries.find((e) => e.name === 'ManagedVnetIR')!;
    assert.deepEqual(ir.resource.dependsOn, ["[concat(variables('factoryId'), '/managedVirtualNetworks/default')]"]);
    const lake = arm.entries.find((e) => e.name === 'Lake')!;
    assert.deepEqual([...lake.dependsOn].sort(), ['credential/uami', 'integrationRuntime/ManagedVnetIR']);
  });
});
