/** The control-flow sample factory end to end on the local engine, with the copy engine's file connector. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import type { Factory } from '../../../src/engine/model/types';
import { runPipeline } from '../../../src/engine/run';
import { validateModule } from '../../../src/engine/run/optional';

const ROOT = path.resolve(__dirname, '../../../samples/control-flow');
const connections = { LocalFiles: { host: path.join(ROOT, 'data') } };
let factory: Factory;
let server: http.Server;
let hookUrl: string;
const posted: unknown[] = [];

before(async () => {
  factory = await loadFactory(ROOT);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posted.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
after(() => server.close());

describe('samples/control-flow', () => {
  test('the sample factory validates', () => {
    const errors = validateModule().validateFactory(factory).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });
  test('Orchestrate succeeds: files processed by the child pipeline, route chosen, polls done', async () => {
    const r = await runPipeline({ factory, pipelineName: 'Orchestrate', connections });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.deepEqual(r.pipelineRun['adfw:returnValue'], {
      route: 'eu-warehouse',
      files: [
        { file: 'orders-2024-05-01.json', rows: 2, firstOrderId: 1001 },
        { file: 'orders-2024-05-02.json', rows: 1, firstOrderId: 1003 },
      ],
      polls: 3,
    });
  });
  test('a webhook URL makes Notify post the summary', async () => {
    const r = await runPipeline({ factory, pipelineName: 'Orchestrate', connections, parameters: { webhookUrl: hookUrl, region: 'US' } });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.deepEqual(posted.at(-1), { route: 'us-warehouse', files: 2 });
  });
  test('an unknown region fails through the Switch default', async () => {
    const r = await runPipeline({ factory, pipelineName: 'Orchestrate', connections, parameters: { region: 'apac' } });
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.match(r.pipelineRun.message, /^Operation on target RouteByRegion failed: .*No route for region apac/);
  });
  test('an empty order file fails the child, the ForEach, and raises the alert', async () => {
    const r = await runPipeline({ factory, pipelineName: 'Orchestrate', connections, mocks: [{ activityName: 'ReadOrders', iteration: undefined, output: { count: 0, value: [] } }] });
    assert.equal(r.pipelineRun.status, 'Failed');
    const alert = r.activityRuns.find((a) => a.activityName === 'AlertOnFailure')!;
    assert.equal(alert.error!.errorCode, 'OrderIntakeFailed');
    assert.match(alert.error!.message, /EmptyFile.*fewer than 1 rows/);
  });
});
