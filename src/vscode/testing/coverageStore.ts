/** The latest coverage report of the Testing view's coverage runs, for the views that show it (the pipeline graph). */
import * as vscode from 'vscode';
import type { CoverageReport } from '../../engine/coverage';

const changed = new vscode.EventEmitter<void>();
let latest: CoverageReport | undefined;

export const latestCoverage = {
  get: (): CoverageReport | undefined => latest,
  set(report: CoverageReport | undefined): void {
    latest = report;
    changed.fire();
  },
  onDidChange: changed.event,
};
