/** Stylesheet of the factory documentation (`adfw docs`): the graph view's drawing styles plus page layout. */
import { GRAPH_CSS } from '../graph';

export const DOCS_CSS = `${GRAPH_CSS}
body.report { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; line-height: 1.45; }
nav.crumbs { font-size: 0.9em; margin-bottom: 8px; }
a { color: #0b61a4; }
h1 { font-size: 1.5em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #d0d0d0; padding-bottom: 2px; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
p.meta, .muted { color: #5f5f5f; }
p.description { white-space: pre-wrap; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid #d6d6d6; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
pre { background: #f6f6f6; padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 0; }
.graph-box { overflow-x: auto; border: 1px solid #e0e0e0; padding: 4px; margin: 8px 0; }
.graph-box a .node rect { cursor: pointer; }
ul.resources { columns: 2; padding-left: 1.2em; }
ul.resources li { break-inside: avoid; }
.tag { display: inline-block; font-size: 0.8em; border: 1px solid #b0b0b0; border-radius: 3px; padding: 0 4px; margin-left: 4px; color: #5f5f5f; }
.tag.unused { border-color: #a06000; color: #a06000; }
.tag.inactive { border-color: #8b8b8b; }
section.activity { border-left: 3px solid #d0d0d0; padding-left: 10px; margin: 14px 0; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1e1e; color: #d4d4d4; }
  a { color: #4da3ff; }
  th { background: #2a2a2a; }
  th, td { border-color: #444; }
  pre { background: #252526; }
  .node rect { fill: #252526; stroke: #555; }
  .node text { fill: #d4d4d4; }
}
`;
