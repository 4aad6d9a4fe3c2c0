/** WebActivity and WebHook against a loopback HTTP server. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { act, ex, runActivities, listenOnLoopback, stopServerAndCleanup } from './helpers';

let server: http.Server;
let base: string;
let jobPolls = 0;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 3000);
      if (req.url === '/job') return void res.writeHead(202, { location: '/job/status', 'retry-after': '0' }).end();
      if (req.url === '/job/status') {
        jobPolls++;
        if (jobPolls < 3) return void res.writeHead(202, { location: '/job/status', 'retry-after': '0' }).end();
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"done"}');
      }
      if (req.url === '/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
      if (req.url === '/missing') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such thing"}');
      if (req.url === '/hook') {
        const { callBackUri } = JSON.parse(body);
        res.writeHead(202).end();
        setTimeout(() => void fetch(callBackUri, { method: 'POST', body: JSON.stringify({ result: 'done', StatusCode: 200 }) }), 50);
        return;
      }
      if (req.url === '/hook-fail') {
        const { callBackUri } = JSON.parse(body);
        res.writeHead(202).end();
        setTimeout(() => void fetch(callBackUri, { method: 'POST', body: JSON.stringify({ StatusCode: 500, Error: { ErrorCode: 'JobFailed', Message: 'remote job failed' } }) }), 50);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-trace': 'abc' }).end(JSON.stringify({ echo: body ? JSON.parse(body) : null, method: req.method }));
    });
  });
  base = await listenOnLoopback(server);
});
after(() => stopServerAndCleanup(server));

describe('WebActivity', () => {
  test('POST with headers and a JSON body; the response becomes the output with its headers', async () => {
    const r = await runActivities([act('Call', 'WebActivity', { url: ex(`@concat('${base}', '/api')`), method: 'POST', headers: { 'X-Custom': 'one' }, body: { n: ex('@add(1, 2)') } })]);
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    const out = r.activityRuns[0].output as Record<string, any>;
    assert.deepEqual(out.echo, { n: 3 });
    assert.equal(out.method, 'POST');
    assert.equal(out.ADFWebActivityResponseHeaders['x-trace'], 'abc');
    const req = seen.find((s) => s.url === '/api')!;
    assert.equal(req.headers['x-custom'], 'one');
    assert.equal(req.headers['content-type'], 'application/json');
  });
  test('a non-JSON response is in Response; a 404 fails with the status and body', async () => {
    const t = await runActivities([act('T', 'WebActivity', { url: `${base}/text`, method: 'GET' })]);
    assert.equal((t.activityRuns[0].output as { Response: string }).Response, 'plain words');
    const m = await runActivities([act('M', 'WebActivity', { url: `${base}/missing`, method: 'GET' })]);
    assert.match(m.activityRuns[0].error!.message, /Response status code: '404 Not Found'.*no such thing/);
  });
  test('Fabric: relativeUrl goes through the base URL of the activity\'s connection; absolute ones as they are; an unmapped connection fails clearly', async () => {
    const conn = { connection: 'c0ffee00-0000-4000-8000-000000000001' };
    const connections = { [conn.connection]: { type: 'Web', url: `${base}/` } };
    const r = await runActivities(
      [
        act('Rel', 'WebActivity', { relativeUrl: ex("@concat('/api', '?x=1')"), method: 'GET' }, {}, { externalReferences: conn }),
        act('Abs', 'WebActivity', { relativeUrl: `${base}/text`, method: 'GET' }, {}, { externalReferences: conn }),
        act('Hook', 'WebHook', { relativeUrl: 'hook', method: 'POST', body: { n: 1 } }, {}, { externalReferences: conn }),
      ],
      { connections },
    );
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.equal((r.activityRuns.find((a) => a.activityName === 'Rel')!.input as { url: string }).url, `${base}/api?x=1`);
    assert.equal((r.activityRuns.find((a) => a.activityName === 'Abs')!.output as { Response: string }).Response, 'plain words');
    assert.equal((r.activityRuns.find((a) => a.activityName === 'Hook')!.input as { url: string }).url, `${base}/hook`);
    const missing = await runActivities([act('NoBase', 'WebActivity', { relativeUrl: 'api', method: 'GET' }, {}, { externalReferences: conn })]);
    assert.match(missing.activityRuns[0].error!.message, /relativeUrl goes through connection c0ffee00-0000-4000-8000-000000000001, which the local connections file does not map to a base URL/);
  });
  test('httpRequestTimeout bounds the wait', async () => {
    const r = await runActivities([act('Slow', 'WebActivity', { url: `${base}/slow`, method: 'GET', httpRequestTimeout: '00:00:01' })]);
    assert.match(r.activityRuns[0].error!.message, /no response .* within 1 s/);
  });
  test('a refused connection and a bad URL fail clearly', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const r = await runActivities([act('Bad', 'WebActivity', { url: 'ftp://x', method: 'GET' }), act('Refused', 'WebActivity', { url: `http://127.0.0.1:${port}/`, method: 'GET' })]);
    assert.match(r.activityRuns.find((a) => a.activityName === 'Bad')!.error!.message, /url must be an http\(s\) URL/);
    assert.match(r.activityRuns.find((a) => a.activityName === 'Refused')!.error!.message, /ECONNREFUSED/);
  });
  test('202 Accepted with a Location header is polled until the operation completes (unless turnOffAsync)', async () => {
    const r = await runActivities([act('Job', 'WebActivity', { url: `${base}/job`, method: 'POST', body: {} })]);
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.equal((r.activityRuns[0].output as { state: string }).state, 'done');
    assert.equal(jobPolls, 3);
    const off = await runActivities([act('Job', 'WebActivity', { url: `${base}/job`, method: 'POST', body: {}, turnOffAsync: true })]);
    assert.equal((off.activityRuns[0].output as { state?: string }).state, undefined);
    assert.equal(jobPolls, 3, 'no polling with turnOffAsync');
  });
  test('POST without a body is rejected like ADF', async () => {
    const r = await runActivities([act('NoBody', 'WebActivity', { url: `${base}/api`, method: 'POST' })]);
    assert.match(r.activityRuns[0].error!.message, /needs a body/);
  });
});

describe('WebHook', () => {
  test('waits for the callback and returns its body', async () => {
    const r = await runActivities([act('Hook', 'WebHook', { url: `${base}/hook`, method: 'POST', body: { job: 1 }, timeout: '00:00:10' })]);
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.equal((r.activityRuns[0].output as { result: string }).result, 'done');
  });
  test('reportStatusOnCallBack turns an error callback into a failure', async () => {
    const r = await runActivities([act('Hook', 'WebHook', { url: `${base}/hook-fail`, method: 'POST', body: {}, reportStatusOnCallBack: true })]);
    assert.deepEqual([r.activityRuns[0].error!.errorCode, r.activityRuns[0].error!.message], ['JobFailed', 'remote job failed']);
  });
  test('no callback before the timeout fails', async () => {
    const r = await runActivities([act('Hook', 'WebHook', { url: `${base}/api`, method: 'POST', body: {}, timeout: '00:00:01' })]);
    assert.match(r.activityRuns[0].error!.message, /no callback within 00:00:01/);
  });
});
