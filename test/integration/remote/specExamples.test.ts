/**
 * The emulator against the Data Factory REST specification's example responses: every served operation of
 * test/fixtures/emulator/specExamples.json (facts taken from the examples: status code, headers, body members,
 * server-generated values) is sent over HTTPS and its answer checked. What the emulator does not serve is listed in
 * the README ("The emulator and the REST specification").
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, TOKEN, SUB, RG } from './setup';

interface Operation {
  example: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  headers?: string[];
  fields?: string[];
  equals?: Record<string, unknown>;
  noBody?: boolean;
  saveRunId?: boolean;
  waitForEnd?: boolean;
}

const SPEC = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'emulator', 'specExamples.json'), 'utf8')) as { commonHeaders: string[]; operations: Operation[] };

function request(em: Emulator, method: string, p: string, body?: unknown): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const url = new URL(`${em.url}${p}${p.includes('?') ? '&' : '?'}api-version=2018-06-01`);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: em.ca, headers: { authorization: `Bearer ${TOKEN}`, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function at(v: unknown, dotted: string): unknown {
  let cur = v;
  for (const k of dotted.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

describe('emulator answers as the REST specification\'s examples', () => {
  let em: Emulator;
  before(async () => {
    em = await emulator({ pageSize: 50 });
  });
  after(async () => {
    await em.stop();
  });

  it(`serves ${SPEC.operations.length} example operations with their status codes, headers and body members`, async () => {
    const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/myFactoryName`;
    let runId = '';
    const failures: string[] = [];
    for (const op of SPEC.operations) {
      const p = base + op.path.replace('{runId}', runId);
      let r = await request(em, op.method, p, op.body);
      if (op.waitForEnd) {
        // Until the run ends (bounded: 60 s, for loaded machines).
        for (const deadline = Date.now() + 60_000; Date.now() < deadline && /"status":"(InProgress|Queued)"/.test(r.text); ) {
          await new Promise((res) => setTimeout(res, 25));
          r = await request(em, op.method, p, op.body);
        }
      }
      const where = `${op.example} (${op.method} ${op.path || '/'})`;
      if (r.status !== op.status) {
        failures.push(`${where}: status ${r.status}, expected ${op.status}: ${r.text.slice(0, 200)}`);
        continue;
      }
      for (const h of [...SPEC.commonHeaders, ...(op.headers ?? [])]) if (r.headers[h] === undefined) failures.push(`${where}: header ${h} missing`);
      if (op.noBody && r.text) failures.push(`${where}: a body was sent (${r.text.slice(0, 80)})`);
      const body = r.text ? JSON.parse(r.text) : undefined;
      for (const f of op.fields ?? []) if (at(body, f) === undefined) failures.push(`${where}: body member ${f} missing`);
      for (const [f, v] of Object.entries(op.equals ?? {})) {
        try {
          assert.deepEqual(at(body, f), v);
        } catch {
          failures.push(`${where}: ${f} is ${JSON.stringify(at(body, f))}, the example has ${JSON.stringify(v)}`);
        }
      }
      if (op.saveRunId) runId = String(body?.runId ?? '');
    }
    assert.deepEqual(failures, []);
  });

  it('keeps a managed private endpoint Pending (approval is the target owner\'s) and refuses to retarget it', async () => {
    const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/pefactory`;
    assert.equal((await request(em, 'PUT', base, { location: 'westeurope' })).status, 200);
    assert.equal((await request(em, 'PUT', `${base}/managedVirtualNetworks/nope/managedPrivateEndpoints/pe`, { properties: { privateLinkResourceId: '/subscriptions/x', groupId: 'blob' } })).status, 404, 'the managed virtual network must exist');
    assert.equal((await request(em, 'PUT', `${base}/managedVirtualNetworks/default`, { properties: {} })).status, 200);
    const target = '/subscriptions/1/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a';
    const put = await request(em, 'PUT', `${base}/managedVirtualNetworks/default/managedPrivateEndpoints/pe`, { properties: { privateLinkResourceId: target, groupId: 'blob' } });
    assert.equal(JSON.parse(put.text).properties.connectionState.status, 'Pending');
    const again = await request(em, 'PUT', `${base}/managedVirtualNetworks/default/managedPrivateEndpoints/pe`, { properties: { privateLinkResourceId: target.replace('/a', '/b'), groupId: 'blob' } });
    assert.equal(again.status, 400);
    assert.match(JSON.parse(again.text).error.message, /delete it to point it elsewhere/);
    const list = JSON.parse((await request(em, 'GET', `${base}/managedVirtualNetworks/default/managedPrivateEndpoints`)).text);
    assert.deepEqual(list.value.map((x: any) => x.name), ['pe']);
    assert.equal((await request(em, 'DELETE', `${base}/managedVirtualNetworks/default`)).status, 405, 'the service has no delete for a managed virtual network');
    const vnet = JSON.parse((await request(em, 'GET', `${base}/managedVirtualNetworks/default`)).text);
    const vnet2 = JSON.parse((await request(em, 'PUT', `${base}/managedVirtualNetworks/default`, { properties: {} })).text);
    assert.equal(vnet.properties.vNetId, vnet2.properties.vNetId, 'the virtual network id stays across updates');
  });
});
