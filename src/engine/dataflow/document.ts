/**
 * A data flow resource's script: its text (from `script` or `scriptLines`), parse tree, graph, and the
 * mapping from script offsets back to offsets in the JSON file, so diagnostics point into the file.
 */
import type { Resource } from '../model/types';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Script } from './ast';
import { parseScript } from './parser';
import { buildGraph, type DataFlowGraph } from './graph';

export interface DataFlowDocument {
  resource?: Resource;
  name: string;
  text: string;
  /** 'script' or 'scriptLines': where the text came from. */
  origin: 'script' | 'scriptLines' | 'parts' | 'none';
  script: Script;
  graph: DataFlowGraph;
  typeProperties: Record<string, any>;
  /** Maps a script offset to an offset in the resource's file text (best effort). */
  fileOffset(scriptOffset: number): number | undefined;
}

/** 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Older data flows keep one script per source, transformation and sink: their texts and JSON paths, in script order. */
function scriptParts(tp: Record<string, any>): { text: string; path: (string | number)[] }[] {
  const parts: { text: string; path: (string | number)[] }[] = [];
  for (const list of ['sources', 'transformations', 'sinks']) {
    (Array.isArray(tp?.[list]) ? tp[list] : []).forEach((e: any, i: number) => {
      if (typeof e?.script === 'string') parts.push({ text: e.script, path: [list, i, 'script'] });
    });
  }
  return parts;
}

/** The script text held by a data flow's typeProperties. */
export function scriptText(tp: Record<string, any>): { text: string; origin: DataFlowDocument['origin'] } {
  if (typeof tp?.script === 'string') return { text: tp.script, origin: 'script' };
  if (Array.isArray(tp?.scriptLines)) return { text: tp.scriptLines.map((l: unknown) => (typeof l === 'string' ? l : '')).join('\n'), origin: 'scriptLines' };
  const parts = scriptParts(tp);
  if (parts.length) return { text: parts.map((p) => p.text).join('\n'), origin: 'parts' };
  return { text: '', origin: 'none' };
}

/** Offset in the raw JSON string literal (node) of the `index`-th decoded character. */
function rawOffset(fileText: string, node: Node, index: number): number {
  let i = node.offset + 1;
  const end = node.offset + node.length - 1;
  let decoded = 0;
  while (i < end && decoded < index) {
    if (fileText[i] === '\\') i += fileText[i + 1] === 'u' ? 6 : 2;
    else i++;
    decoded++;
  }
  return i;
}

/** Builds the document of a data flow from its typeProperties (and resource, for file positions). */
export function dataFlowDocument(name: string, typeProperties: Record<string, any>, resource?: Resource): DataFlowDocument {
  const { text, origin } = scriptText(typeProperties);
  const script = parseScript(text);
  const graph = buildGraph(script);
  const root = resource?.doc.root;
  const fileText = resource?.doc.text ?? '';
  const fileOffset = (off: number): number | undefined => {
    if (!root) return undefined;
    if (origin === 'script') {
      const n = findNodeAtLocation(root, ['properties', 'typeProperties', 'script']);
      return n ? rawOffset(fileText, n, off) : undefined;
    }
    if (origin === 'parts') {
      let rest = off;
      for (const p of scriptParts(typeProperties)) {
        if (rest <= p.text.length) {
          const n = findNodeAtLocation(root, ['properties', 'typeProperties', ...p.path]);
          return n ? rawOffset(fileText, n, rest) : undefined;
        }
        rest -= p.text.length + 1;
      }
    }
    if (origin === 'scriptLines') {
      const lines = typeProperties.scriptLines as unknown[];
      let rest = off;
      for (let i = 0; i < lines.length; i++) {
        const len = typeof lines[i] === 'string' ? (lines[i] as string).length : 0;
        if (rest <= len) {
          const n = findNodeAtLocation(root, ['properties', 'typeProperties', 'scriptLines', i]);
          return n ? rawOffset(fileText, n, rest) : undefined;
        }
        rest -= len + 1;
      }
    }
    return undefined;
  };
  return { resource, name, text, origin, script, graph, typeProperties, fileOffset };
}

/** Builds the document of a data flow resource loaded from a factory. */
export function documentOf(resource: Resource): DataFlowDocument {
  return dataFlowDocument(resource.name, (resource.properties.typeProperties ?? {}) as Record<string, any>, resource);
}
