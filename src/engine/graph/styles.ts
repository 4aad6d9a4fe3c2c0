/** Stylesheet of the graph view (theme variables with fallbacks). */
export const GRAPH_CSS = `
body { color: var(--vscode-foreground, #1f1f1f); background: var(--vscode-editor-background, #fff); font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); margin: 0; padding: 8px 16px; }
h1 { font-size: 1.2em; font-weight: 600; }
svg.graph { overflow: visible; }
.node rect { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #c8c8c8); stroke-width: 1; }
.node.kind-container rect { fill: none; stroke-dasharray: 4 3; }
.node.kind-branch rect { fill: none; stroke: var(--vscode-editorIndentGuide-background1, #d3d3d3); }
.node { cursor: pointer; }
.node:hover rect, .node:focus rect { stroke: var(--vscode-focusBorder, #0090f1); stroke-width: 2; outline: none; }
.node:focus { outline: none; }
.node text { fill: var(--vscode-foreground, #1f1f1f); }
.node text.detail { fill: var(--vscode-descriptionForeground, #717171); font-size: 0.85em; }
.node text.glyph { font-size: 1.1em; }
.node.status-Succeeded rect { stroke: var(--vscode-testing-iconPassed, #388a34); stroke-width: 2; }
.node.status-Failed rect { stroke: var(--vscode-testing-iconFailed, #c72e0f); stroke-width: 2; }
.node.status-InProgress rect { stroke: var(--vscode-progressBar-background, #0e70c0); stroke-width: 2; stroke-dasharray: 6 3; }
.node.status-Skipped rect, .node.status-Cancelled rect { stroke: var(--vscode-disabledForeground, #8b8b8b); stroke-width: 2; }
.node.status-Unused rect { stroke: var(--vscode-disabledForeground, #8b8b8b); stroke-dasharray: 2 2; }
.node.status-Unused text { fill: var(--vscode-disabledForeground, #8b8b8b); }
.node.kind-missing rect { stroke: var(--vscode-problemsErrorIcon-foreground, #c72e0f); stroke-dasharray: 4 2; }
.node.cov-covered rect { fill: var(--vscode-testing-coveredBackground, rgba(80, 200, 120, 0.18)); }
.node.cov-uncovered rect { fill: var(--vscode-testing-uncoveredBackground, rgba(255, 90, 90, 0.18)); stroke: var(--vscode-testing-uncoveredBorder, #c72e0f); }
.node.kind-container.cov-uncovered rect, .node.kind-branch.cov-uncovered rect { fill: var(--vscode-testing-uncoveredBackground, rgba(255, 90, 90, 0.1)); }
.coverage-summary { color: var(--vscode-descriptionForeground, #717171); margin: 0 0 8px; }
.edge path { fill: none; stroke: var(--vscode-testing-iconPassed, #388a34); stroke-width: 1.5; }
.edge.cond-Failed path { stroke: var(--vscode-testing-iconFailed, #c72e0f); }
.edge.cond-Completed path { stroke: var(--vscode-charts-blue, #1a85ff); }
.edge.cond-Skipped path { stroke: var(--vscode-disabledForeground, #8b8b8b); stroke-dasharray: 4 3; }
.arrow { fill: var(--vscode-descriptionForeground, #717171); }
.edge-label { fill: var(--vscode-descriptionForeground, #717171); font-size: 0.8em; }
.error { color: var(--vscode-errorForeground, #c72e0f); }
`;
