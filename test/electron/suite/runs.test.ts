import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, factoryRoot, waitFor } from './helpers';
import { currentOwner, localProbe } from '../../../src/engine/run/owner';
import type { RunResult } from '../../../src/engine/run';

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

  it('shows a run whose process died as failed (interrupted) in the Runs view, and reruns it from the failed activity', async () => {
    const { services, panels } = await api();
    // A process that runs the pipeline from outside this window (a terminal's `adfw run`), then is killed.
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    await new Promise((r) => owner.once('spawn', r));
    const ticks = localProbe().startTicks(owner.pid!);
    const runId = `interrupted-${Date.now()}`;
    const t = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const record: RunResult = {
      pipelineRun: {
        runId, runGroupId: runId, isLatest: true, pipelineName: 'Greet', parameters: { who: 'tests' },
        invokedBy: { name: 'Manual', id: 'manual-1', invokedByType: 'Manual' }, runStart: iso(t - 4000), lastUpdated: iso(t - 1000), status: 'InProgress', message: '',
        'adfw:origin': 'local', 'adfw:variables': { greeting: 'Hello, tests' }, 'adfw:owner': { ...currentOwner(30_000), pid: owner.pid!, ...(ticks ? { startTicks: ticks } : {}) },
      },
      activityRuns: [
        { pipelineName: 'Greet', pipelineRunId: runId, activityName: 'Compose', activityType: 'SetVariable', activityRunId: 'compose-1', status: 'Succeeded', activityRunStart: iso(t - 3900), activityRunEnd: iso(t - 3800), durationInMs: 100, input: {}, output: null, error: null },
        { pipelineName: 'Greet', pipelineRunId: runId, activityName: 'CheckLength', activityType: 'IfCondition', activityRunId: 'check-1', status: 'InProgress', activityRunStart: iso(t - 3700), input: {}, output: null, error: null },
      ],
    };
    const storeDir = path.join(factoryRoot(), '.adf', 'runs');
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(path.join(storeDir, `${runId}.json`), JSON.stringify(record));
    await vscode.commands.executeCommand('adf.refresh');
    const running = await waitFor('the run listed as running', async () => (await panels.runItems()).find((i) => i.runId === runId && i.contextValue === 'adf.run.active'));
    assert.match(running.description, /^InProgress/);
    const exited = new Promise((r) => owner.once('exit', r));
    owner.kill('SIGKILL');
    await exited;
    // Nothing is written by a dead process: the view reads the store again by itself and sees the owner gone.
    const failed = await waitFor('the run shown as failed', async () => (await panels.runItems()).find((i) => i.runId === runId && i.contextValue === 'adf.run.failed'), 20_000);
    assert.equal(failed.label, 'Greet');
    assert.match(failed.description, /^Failed \(interrupted\) · /);
    assert.match(failed.tooltip, /The run was interrupted: the process running it ended before it finished \(last seen /);
    const stored = JSON.parse(readFileSync(path.join(storeDir, `${runId}.json`), 'utf8')) as RunResult;
    assert.equal(stored.pipelineRun.status, 'Failed', 'the store was updated');
    assert.equal(stored.activityRuns.find((a) => a.activityName === 'CheckLength')?.status, 'Failed');
    const rerun = await vscode.commands.executeCommand<RunResult>('adf.rerunFromFailed', runId);
    assert.ok(rerun, 'rerun result');
    assert.equal(rerun.pipelineRun.status, 'Succeeded', rerun.pipelineRun.message);
    assert.equal(rerun.pipelineRun['adfw:rerunOf'], runId);
    assert.equal(rerun.activityRuns.find((a) => a.activityName === 'Compose')?.activityRunId, 'compose-1', 'Compose reused');
    assert.ok(rerun.activityRuns.some((a) => a.activityName === 'Pause' && a.status === 'Succeeded'), 'CheckLength ran again');
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
