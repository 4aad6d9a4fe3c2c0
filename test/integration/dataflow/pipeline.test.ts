import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import { runPipeline } from '../../../src/engine/run/index';

const FIXTURE = path.resolve(__dirname, '../../fixtures/dataflow');

test('a pipeline runs ExecuteDataFlow locally and reads its output in the next activity', async () => {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dfpipe-'));
  try {
    const factory = await loadFactory(path.join(FIXTURE, 'factory'));
    const r = await runPipeline({ factory, pipelineName: 'RunOrders', connections: { InFiles: { host: path.join(FIXTURE, 'data') }, OutFiles: { host: out } }, workDir: out, now: '2024-05-01T00:00:00Z' });
    const df = r.activityRuns.find((a) => a.activityName === 'Transform orders')!;
    assert.equal(df.status, 'Succeeded', JSON.stringify(df.error));
    const metrics = (df.output as any).runStatus.metrics;
    // min = 60 (a pipeline expression passed as the data flow parameter): orders 10 (NL) and 13 (NL) pass the filter.
    assert.equal(metrics.ByCountrySink.rowsWritten, 1);
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.equal(r.pipelineRun['adfw:variables']?.written, '1');
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
});
