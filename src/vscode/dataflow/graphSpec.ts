/** Graph spec of a data flow file: streams and transformations drawn by the shared graph view, built from the live text. */
import * as vscode from 'vscode';
import type { Factory, Resource } from '../../engine/model';
import { resourceFromText } from '../../engine/model';
import { documentOf, toGraphModel } from '../../engine/dataflow';
import type { GraphSourceSpec } from '../graph/graphPanel';

export function dataflowGraphSpec(factory: Factory, resource: Resource, onNode: (stream: string) => void): GraphSourceSpec {
  void factory;
  return {
    uri: vscode.Uri.file(resource.file),
    title: resource.name,
    build(text) {
      const r = resourceFromText('dataflow', resource.file, text).resource ?? resource;
      const doc = documentOf(r);
      return toGraphModel(doc.graph, r.name, (offset, length) => {
        const start = doc.fileOffset(offset);
        const end = doc.fileOffset(offset + length);
        return start === undefined ? undefined : { offset: start, length: Math.max(1, (end ?? start) - start) };
      });
    },
    onReveal: (nodeId) => onNode(nodeId),
  };
}
