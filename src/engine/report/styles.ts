/**
 * The monitor's stylesheet, shared by the webview (inside a nonce'd <style>) and the static report (inline).
 * Colours come from VS Code's theme variables, with light/dark fallbacks for the report outside VS Code.
 */
export const MONITOR_CSS = `
:root {
  --fg: var(--vscode-foreground, #1f1f1f);
  --bg: var(--vscode-editor-background, #ffffff);
  --muted: var(--vscode-descriptionForeground, #616161);
  --border: var(--vscode-panel-border, var(--vscode-widget-border, #d4d4d4));
  --row-hover: var(--vscode-list-hoverBackground, #f0f0f0);
  --row-selected: var(--vscode-list-activeSelectionBackground, #0060c0);
  --row-selected-fg: var(--vscode-list-activeSelectionForeground, #ffffff);
  --ok: var(--vscode-testing-iconPassed, #388a34);
  --fail: var(--vscode-testing-iconFailed, #c72e0f);
  --running: var(--vscode-progressBar-background, #0e70c0);
  --skipped: var(--vscode-disabledForeground, #8b8b8b);
  --code-bg: var(--vscode-textCodeBlock-background, #f3f3f3);
  --btn-bg: var(--vscode-button-background, #0e639c);
  --btn-fg: var(--vscode-button-foreground, #ffffff);
  --btn2-bg: var(--vscode-button-secondaryBackground, #e5e5e5);
  --btn2-fg: var(--vscode-button-secondaryForeground, #1f1f1f);
  --input-bg: var(--vscode-dropdown-background, #ffffff);
  --input-fg: var(--vscode-dropdown-foreground, #1f1f1f);
  --input-border: var(--vscode-dropdown-border, #cecece);
  --error-bg: var(--vscode-inputValidation-errorBackground, #f2dede);
  --error-border: var(--vscode-inputValidation-errorBorder, #be1100);
  --focus: var(--vscode-focusBorder, #0090f1);
  --font: var(--vscode-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  --mono: var(--vscode-editor-font-family, ui-monospace, Consolas, monospace);
}
@media (prefers-color-scheme: dark) {
  body.report {
    --fg: #cccccc; --bg: #1f1f1f; --muted: #9d9d9d; --border: #3c3c3c; --row-hover: #2a2d2e;
    --code-bg: #2b2b2b; --btn2-bg: #3a3d41; --btn2-fg: #ffffff; --error-bg: #5a1d1d;
  }
}
body { color: var(--fg); background: var(--bg); font-family: var(--font); font-size: var(--vscode-font-size, 13px); margin: 0; padding: 0 16px 24px; }
h1 { font-size: 1.4em; font-weight: 600; }
h2 { font-size: 1.2em; font-weight: 600; margin: 0.6em 0 0.4em; }
h3 { font-size: 1.05em; font-weight: 600; margin: 1.2em 0 0.4em; }
h4 { margin: 0.4em 0; font-weight: 600; color: var(--muted); }
.mono, pre { font-family: var(--mono); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
tbody tr[data-run-id] { cursor: pointer; }
tbody tr[data-run-id]:hover { background: var(--row-hover); }
tbody tr.selected, tbody tr.selected:hover { background: var(--row-selected); color: var(--row-selected-fg); }
tbody tr:focus { outline: 1px solid var(--focus); outline-offset: -1px; }
td.empty { color: var(--muted); font-style: italic; }
td.error-cell { color: var(--fail); max-width: 40em; white-space: pre-wrap; word-break: break-word; }
.status { white-space: nowrap; }
.status .glyph { display: inline-block; width: 1em; text-align: center; }
.status-Succeeded .glyph { color: var(--ok); }
.status-Failed .glyph { color: var(--fail); }
.status-InProgress .glyph, .status-Queued .glyph { color: var(--running); }
.status-Cancelled .glyph, .status-Canceling .glyph, .status-Skipped .glyph { color: var(--skipped); }
.status-Inactive { color: var(--muted); font-style: italic; }
.status-Paused .glyph, .paused { color: var(--running); }
.paused-row td { font-style: italic; }
.status-Inactive .glyph { color: var(--skipped); font-style: normal; }
.status .marked-as { color: var(--muted); }
tr.selected .status .glyph { color: inherit; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 0; border-bottom: 1px solid var(--border); margin-bottom: 8px; }
select { background: var(--input-bg); color: var(--input-fg); border: 1px solid var(--input-border); padding: 2px 4px; font: inherit; }
button { background: var(--btn-bg); color: var(--btn-fg); border: 1px solid transparent; padding: 4px 12px; font: inherit; cursor: pointer; border-radius: 2px; }
button.secondary { background: var(--btn2-bg); color: var(--btn2-fg); }
button:disabled { opacity: 0.5; cursor: default; }
button:focus-visible, select:focus-visible { outline: 1px solid var(--focus); outline-offset: 2px; }
.layout { display: grid; grid-template-rows: auto auto; gap: 8px; }
.runs-pane { max-height: 35vh; overflow: auto; }
table.runs { margin-bottom: 16px; }
.actions { display: flex; gap: 8px; margin: 8px 0; }
.run-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
.run-facts dt { color: var(--muted); }
.run-facts dd { margin: 0; }
.error-box { background: var(--error-bg); border: 1px solid var(--error-border); padding: 6px 8px; margin: 8px 0; white-space: pre-wrap; word-break: break-word; }
.error-box pre { margin: 4px 0 0; white-space: pre-wrap; }
.metrics { display: block; }
.metric-card { display: inline-block; vertical-align: top; border: 1px solid var(--border); padding: 6px 10px; margin: 0 8px 8px 0; min-width: 16em; }
.metric-title { font-weight: 600; margin-bottom: 4px; }
.metric-card dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 0; }
.metric-card dt { color: var(--muted); }
.metric-card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.gantt { border: 1px solid var(--border); padding: 4px 8px; }
.gantt-scale { display: flex; justify-content: space-between; color: var(--muted); margin-left: 14em; font-size: 0.9em; }
.gantt-row { display: flex; align-items: center; height: 20px; }
.gantt-label { width: 14em; flex: none; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gantt-track { position: relative; flex: 1; height: 12px; background: var(--code-bg); }
.gantt-bar { position: absolute; top: 0; bottom: 0; background: var(--running); min-width: 2px; }
.gantt-bar.status-Succeeded { background: var(--ok); }
.gantt-bar.status-Failed { background: var(--fail); }
.gantt-bar.status-Skipped, .gantt-bar.status-Cancelled { background: var(--skipped); }
.gantt-bar.status-Inactive { background: repeating-linear-gradient(45deg, var(--skipped) 0 2px, transparent 2px 4px); border: 1px dashed var(--skipped); min-width: 4px; }
details { border-bottom: 1px solid var(--border); padding: 4px 0; }
summary { cursor: pointer; }
.io { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
pre.json { background: var(--code-bg); padding: 6px 8px; overflow: auto; max-height: 24em; margin: 0; white-space: pre; }
.report-meta { color: var(--muted); }
.run + .run { border-top: 2px solid var(--border); margin-top: 24px; }
.banner { padding: 6px 8px; border: 1px solid var(--border); margin: 8px 0; color: var(--muted); }
`;
