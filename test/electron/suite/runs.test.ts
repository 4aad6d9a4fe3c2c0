import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, factoryRoot, waitFor } from './helpers';

describe('local runs and the monitor', () => {
  it('runs a pipeline, stores the run, lists it and opens the monitor on it', async () => {
    const { services, panels } = await api();
    const factory = services.index.factories().find((f) => f.root === factoryRoot())!;
    const result = await services.runs.startLocal({ factory, pipelineName: 'Greet', parameters: { who: 'tests' } });
    assert.equal(result.pipelineRun.status, 'Succeeded', result.pipelineRun.message);
    assert.deepEqual(result.activityRuns.map((a) => a.activityName).sort(), ['CheckLength', 'Compose', 'Pause']);
    const listed = await services.runs.list();
    assert.ok(listed.some((r) => r.runId === result.pipelineRun.runId));
    assert.equal(services.runs.lastRunOf(factory, 'Greet')?.runId, result.pipelineRun.runId);
    const stored = await services.runs.get(result.pipelineRun.runId);
    assert.equal(stored?.pipelineRun.status, 'Succeeded');
    await waitFor('monitor on the run', () => panels.monitorRunId() === result.pipelineRun.runId);
  });

  it('records a failure and reruns from the failed activity', async () => {
    const { services } = await api();
    const factory = services.index.factories().find((f) => f.root === factoryRoot())!;
    const failed = await services.runs.startLocal({ factory, pipelineName: 'FailFast', reveal: false });
    assert.equal(failed.pipelineRun.status, 'Failed');
    assert.match(failed.pipelineRun.message, /Boom/);
    const rerun = await vscode.commands.executeCommand<{ pipelineRun: { status: string; 'adfw:rerunOf'?: string; runGroupId: string } }>('adf.rerunFromFailed', failed.pipelineRun.runId);
    assert.ok(rerun, 'rerun result');
    assert.equal(rerun.pipelineRun.status, 'Failed');
    assert.equal(rerun.pipelineRun.runGroupId, failed.pipelineRun.runGroupId);
  });

  it('cancels a running pipeline', async () => {
    const { services } = await api();
    const factory = services.index.factories().find((f) => f.root === factoryRoot())!;
    const started = services.runs.startLocal({ factory, pipelineName: 'Greet', reveal: false });
    const active = await waitFor('active run', () => services.runs.active()[0]);
    await vscode.commands.executeCommand('adf.cancelRun', active.runId);
    const r = await started;
    assert.ok(['Cancelled', 'Failed'].includes(r.pipelineRun.status), r.pipelineRun.status);
    assert.equal(services.runs.active().length, 0);
  });
});

describe('pipeline graph', () => {
  it('opens beside the JSON with one node per activity and branch', async () => {
    const { panels } = await api();
    await vscode.commands.executeCommand('adf.showGraph', vscode.Uri.file(require('node:path').join(factoryRoot(), 'pipeline', 'Greet.json')));
    const g = await waitFor('graph nodes', () => panels.graphs().find((x) => x.nodeIds.length));
    assert.deepEqual(g.nodeIds, ['Compose', 'CheckLength', 'CheckLength#True', 'CheckLength#True/Pause', 'CheckLength#False', 'CheckLength#False/TooShort']);
  });
});
