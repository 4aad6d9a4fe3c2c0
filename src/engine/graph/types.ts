/**
 * The graph model shown by the graph view: pipelines (activities, containers, dependsOn edges) and data flows
 * (sources, transformations, sinks) both map onto it. Pure data: no Node, no DOM, no VS Code.
 */

/** Where a node comes from in its JSON file, so the editor can reveal it. */
export interface GraphSource {
  /** Absolute file path, when the graph spans files. */
  file?: string;
  /** JSON path of the node's object (e.g. ['properties', 'activities', 0]). */
  path?: (string | number)[];
  /** 0-based offset and length of the node's range in the file text. */
  offset?: number;
  length?: number;
}

/**
 * `kind` says how a node is drawn:
 * - 'activity'  a plain activity (Copy, Lookup, ...); `type` holds the ADF type
 * - 'container' an activity that holds others (ForEach, IfCondition, Switch, Until); children name it as `parent`
 * - 'branch'    a group inside a container (If True / If False / a Switch case / Default)
 * - 'source' | 'sink' | 'transformation'  data flow steps
 */
export type GraphNodeKind = 'activity' | 'container' | 'branch' | 'source' | 'sink' | 'transformation' | (string & {});

export interface GraphNode {
  /** Unique within the graph; stable across edits (built from names, not positions). */
  id: string;
  label: string;
  kind: GraphNodeKind;
  /** Activity or transformation type (e.g. 'Copy', 'ForEach', 'derive'). */
  type?: string;
  /** Id of the enclosing container/branch node. */
  parent?: string;
  /** Live or last-run status (ActivityRunStatus values, or 'NotRun'). */
  status?: string;
  /** Short secondary text (e.g. a ForEach's items expression, a Switch case value). */
  detail?: string;
  source?: GraphSource;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Dependency conditions ('Succeeded', 'Failed', 'Completed', 'Skipped'), joined with ', '. */
  label?: string;
}

export interface GraphModel {
  /** What the graph shows, e.g. the pipeline's name. */
  title?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A node placed by the layout: absolute coordinates in the drawing. */
export interface LaidOutNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge extends GraphEdge {
  /** Polyline points in absolute coordinates, start to end. */
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  title?: string;
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}
