/** Offsets (engine) to VS Code ranges and locations. The only place where engine offsets become ranges. */
import * as vscode from 'vscode';
import type { JsonDocument } from '../../engine/json';

export function toRange(doc: vscode.TextDocument | JsonDocument, offset: number, length: number): vscode.Range {
  if ('positionAt' in doc) return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
  const s = doc.lines.position(offset);
  const e = doc.lines.position(offset + length);
  return new vscode.Range(s.line - 1, s.column - 1, e.line - 1, e.column - 1);
}
