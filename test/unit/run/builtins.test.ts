/**
 * Resources every factory has without a file (AutoResolveIntegrationRuntime, the managed virtual network "default"):
 * validation, runs (engine and CLI), publish and ARM export treat them as ADF does; a file of the same name wins.
 * Also XML node sets from xpath() flowing into an Array variable through a real run.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadFactory, resolveReference, builtInResource, uncustomisedBuiltIns, BUILT_IN_RESOURCES } from '../../../src/engine/model';
import { validateFactory } from '../../../src/engine/validate';
import { runPipeline } from '../../../src/engine/run';
import { computePlan, localResources } from '../../../src/engine/publish';
import { buildArmTemplate } from '../../../src/engine/armExport';
import runCommand from '../../../src/cli/commands/run';
import validateCommand from '../../../src/cli/commands/validate';
import { listenOnLoopback } from './helpers';

const AUTO = { referenceName: 'AutoResolveIntegrationRuntime', type: 'IntegrationRuntimeReference' };
const XML = '<a><b>1</b><b>2</b><c id="9">x</c></a>';
const node = (xml: string) => ({ '$content-type': 'application/xml;charset=utf-8', $content: Buffer.from(xml).toString('base64') });

let server: http.Server;
let base: string;
const roots: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true })));
  });
  base = await listenOnLoopback(server);
});
after(() => {
  server.closeAllConnections();
  server.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A factory whose linked service and Web activity use connectVia AutoResolveIntegrationRuntime, with no IR folder. */
function writeFactory(extra: Record<string, Record<string, unknown>> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-builtin-'));
  roots.push(root);
  const data = path.join(root, 'data');
  mkdirSync(data);
  writeFileSync(path.join(data, 'config.json'), JSON.stringify({ xml: XML }));
  const files: Record<string, Record<string, unknown>> = {
    'linkedService/Files.json': { name: 'Files', properties: { type: 'FileServer', typeProperties: { host: data, userId: 'u' }, connectVia: AUTO } },
    'dataset/Config.json': { name: 'Config', properties: { type: 'Json', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', fileName: 'config.json' } } } },
    'pipeline/P.json': {
      name: 'P',
      properties: {
        variables: { nodes: { type: 'Array' }, first: { type: 'String' } },
        activities: [
          { name: 'ReadConfig', type: 'Lookup', typeProperties: { source: { type: 'JsonSource', storeSettings: { type: 'FileServerReadSettings' } }, dataset: { referenceName: 'Config', type: 'DatasetReference' }, firstRowOnly: true } },
          { name: 'Call', type: 'WebActivity', dependsOn: [{ activity: 'ReadConfig', dependencyConditions: ['Succeeded'] }], typeProperties: { url: `${base}/x`, method: 'GET', connectVia: AUTO } },
          { name: 'SetNodes', type: 'SetVariable', dependsOn: [{ activity: 'Call', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'nodes', value: { value: "@xpath(xml(activity('ReadConfig').output.firstRow.xml), '/a/b')", type: 'Expression' } } },
          { name: 'SetFirst', type: 'SetVariable', dependsOn: [{ activity: 'SetNodes', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'first', value: { value: "@string(variables('nodes')[0])", type: 'Expression' } } },
        ],
      },
    },
    ...extra,
  };
  for (const [rel, json] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), JSON.stringify(json, null, 2));
  }
  return root;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('built-in resources', () => {
  test('one table: AutoResolveIntegrationRuntime and the managed virtual network "default", looked up case-insensitively', () => {
    assert.deepEqual(BUILT_IN_RESOURCES.map((b) => `${b.kind}/${b.name}`), ['integrationRuntime/AutoResolveIntegrationRuntime', 'managedVirtualNetwork/default']);
    assert.equal(builtInResource('integrationRuntime', 'autoresolveintegrationruntime')?.name, 'AutoResolveIntegrationRuntime');
    assert.equal(builtInResource('integrationRuntime', 'default'), undefined);
    assert.equal(builtInResource('linkedService', 'AutoResolveIntegrationRuntime'), undefined);
  });

  test('a factory using connectVia AutoResolveIntegrationRuntime with no integrationRuntime/ folder validates clean', async () => {
    const factory = await loadFactory(writeFactory());
    const errors = validateFactory(factory).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), []);
    assert.equal(resolveReference(factory, 'integrationRuntime', 'AutoResolveIntegrationRuntime')?.builtIn?.name, 'AutoResolveIntegrationRuntime');
    assert.deepEqual(uncustomisedBuiltIns(factory, 'integrationRuntime').map((b) => b.name), ['AutoResolveIntegrationRuntime']);
  });

  test('a misspelt built-in name is still an unresolved reference (ADF2001)', async () => {
    const root = writeFactory({ 'linkedService/Files2.json': { name: 'Files2', properties: { type: 'FileServer', typeProperties: { host: 'x' }, connectVia: { referenceName: 'AutoResolveIntegrationRuntim', type: 'IntegrationRuntimeReference' } } } });
    const diags = validateFactory(await loadFactory(root)).filter((d) => d.code === 'ADF2001');
    assert.equal(diags.length, 1);
    assert.match(diags[0].message, /AutoResolveIntegrationRuntim"; did you mean|AutoResolveIntegrationRuntim/);
  });

  test('a managed IR joining the managed virtual network "default" validates without managedVirtualNetwork/default.json', async () => {
    const root = writeFactory({
      'integrationRuntime/ManagedIR.json': { name: 'ManagedIR', properties: { type: 'Managed', typeProperties: { computeProperties: { location: 'AutoResolve' } }, managedVirtualNetwork: { referenceName: 'default', type: 'ManagedVirtualNetworkReference' } } },
      'integrationRuntime/OtherIR.json': { name: 'OtherIR', properties: { type: 'Managed', typeProperties: { computeProperties: { location: 'AutoResolve' } }, managedVirtualNetwork: { referenceName: 'corpnet', type: 'ManagedVirtualNetworkReference' } } },
    });
    const diags = validateFactory(await loadFactory(root)).filter((d) => d.severity === 'error');
    assert.deepEqual(diags.map((d) => [d.code, path.basename(d.file)]), [['ADF2001', 'OtherIR.json']]);
  });

  test('a customised integrationRuntime/AutoResolveIntegrationRuntime.json wins over the built-in', async () => {
    const custom = { name: 'AutoResolveIntegrationRuntime', properties: { type: 'Managed', typeProperties: { computeProperties: { location: 'West Europe', dataFlowProperties: { computeType: 'General', coreCount: 16, timeToLive: 10 } } } } };
    const factory = await loadFactory(writeFactory({ 'integrationRuntime/AutoResolveIntegrationRuntime.json': custom }));
    const r = resolveReference(factory, 'integrationRuntime', 'autoResolveIntegrationRuntime');
    assert.equal(r?.file?.properties.typeProperties.computeProperties.location, 'West Europe');
    assert.equal(r?.builtIn, undefined);
    assert.deepEqual(uncustomisedBuiltIns(factory, 'integrationRuntime'), []);
    assert.deepEqual(validateFactory(factory).filter((d) => d.severity === 'error'), []);
  });

  test('the run succeeds; an Array variable takes the xpath() node array and string() of a node gives its XML', async () => {
    const factory = await loadFactory(writeFactory());
    const r = await runPipeline({ factory, pipelineName: 'P' });
    assert.equal(r.pipelineRun.status, 'Succeeded', JSON.stringify(r.activityRuns.map((a) => [a.activityName, a.status, a.error])));
    const byName = Object.fromEntries(r.activityRuns.map((a) => [a.activityName, a]));
    assert.deepEqual(byName.SetNodes.output, { name: 'nodes', value: [node('<b>1</b>'), node('<b>2</b>')] });
    assert.deepEqual(byName.SetFirst.output, { name: 'first', value: '<b>1</b>' });
    assert.match(String((byName.ReadConfig.output as Record<string, unknown>).effectiveIntegrationRuntime), /^AutoResolveIntegrationRuntime \(/);
  });

  test('effectiveIntegrationRuntime names the connectVia runtime: "<name> (Local)" for Azure IRs, the name alone for a self-hosted one', async () => {
    const lookup = (ls: string) => ({ name: `Read${ls}`, type: 'Lookup', typeProperties: { source: { type: 'JsonSource' }, dataset: { referenceName: `Config${ls}`, type: 'DatasetReference' } } });
    const extra: Record<string, Record<string, unknown>> = {
      'integrationRuntime/OnPrem.json': { name: 'OnPrem', properties: { type: 'SelfHosted' } },
      'integrationRuntime/EuIR.json': { name: 'EuIR', properties: { type: 'Managed', typeProperties: { computeProperties: { location: 'West Europe' } } } },
    };
    const root = writeFactory(extra);
    const data = path.join(root, 'data');
    for (const [ls, via] of [['A', 'OnPrem'], ['B', 'EuIR'], ['C', undefined]] as const) {
      const lsPath = path.join(root, 'linkedService', `Files${ls}.json`);
      writeFileSync(lsPath, JSON.stringify({ name: `Files${ls}`, properties: { type: 'FileServer', typeProperties: { host: data }, ...(via ? { connectVia: { referenceName: via, type: 'IntegrationRuntimeReference' } } : {}) } }));
      writeFileSync(path.join(root, 'dataset', `Config${ls}.json`), JSON.stringify({ name: `Config${ls}`, properties: { type: 'Json', linkedServiceName: { referenceName: `Files${ls}`, type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'FileServerLocation', fileName: 'config.json' } } } }));
    }
    writeFileSync(path.join(root, 'pipeline', 'IRs.json'), JSON.stringify({ name: 'IRs', properties: { activities: ['A', 'B', 'C'].map(lookup) } }));
    const factory = await loadFactory(root);
    const r = await runPipeline({ factory, pipelineName: 'IRs' });
    const ir = Object.fromEntries(r.activityRuns.map((a) => [a.activityName, (a.output as Record<string, unknown>)?.effectiveIntegrationRuntime]));
    assert.deepEqual(ir, { ReadA: 'OnPrem', ReadB: 'EuIR (Local)', ReadC: 'AutoResolveIntegrationRuntime (Local)' });
  });

  test('adfw validate and adfw run: exit 0 on the same factory', async () => {
    const root = writeFactory();
    const v = capture();
    assert.equal(await validateCommand([root], v.io), 0, v.out.concat(v.err).join('\n'));
    const r = capture();
    const code = await runCommand([root, 'P', '--no-store', '--json'], r.io);
    assert.equal(code, 0, r.out.concat(r.err).join('\n'));
    const result = JSON.parse(r.out.join('\n'));
    assert.equal(result.pipelineRun?.status ?? result.status, 'Succeeded');
  });

  test('publish never plans to delete the service\'s built-in IR; ARM export emits it only when customised', async () => {
    const factory = await loadFactory(writeFactory());
    const remote = { resources: { integrationRuntime: [{ name: 'AutoResolveIntegrationRuntime', properties: { type: 'Managed', typeProperties: {} } }, { name: 'Gone', properties: { type: 'SelfHosted' } }], linkedService: [], dataset: [], dataflow: [], pipeline: [], trigger: [] } };
    const plan = computePlan(localResources(factory), remote as any, { deleteOrphans: true });
    assert.deepEqual(plan.filter((p) => p.action === 'delete').map((p) => p.name), ['Gone']);

    const irsIn = (t: any) => t.resources.filter((x: any) => String(x.type).endsWith('/integrationRuntimes')).map((x: any) => x.name);
    assert.deepEqual(irsIn(buildArmTemplate(factory).template), []);
    const custom = await loadFactory(writeFactory({ 'integrationRuntime/AutoResolveIntegrationRuntime.json': { name: 'AutoResolveIntegrationRuntime', properties: { type: 'Managed', typeProperties: { computeProperties: { location: 'West Europe' } } } } }));
    assert.equal(irsIn(buildArmTemplate(custom).template).length, 1);
  });
});
