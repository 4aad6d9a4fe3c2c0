/** Pipeline graphs: the graph model of a pipeline (activities and dependencies) and its styles; the webview lays it out (src/webview/graph/layout.ts, ELK). */
export type * from './types';
export * from './pipeline';
export * from './styles';
