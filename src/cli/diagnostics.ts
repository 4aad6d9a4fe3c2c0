/**
 * Diagnostics as the CLI prints them (validate, and run when a factory does not validate): 1-based positions,
 * the contract's four sources, and the compiler-like line `file:line:col severity code message`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { positionDiagnostic } from '../engine/json';
import { LineIndex } from '../engine/json';
import type { Diagnostic, PositionedDiagnostic } from '../engine/diagnostics';
import { RESOURCE_KINDS, type Factory } from '../engine/model';
import { decodeFabricText } from '../engine/fabric';

/** A diagnostic in the CLI's JSON contract: file, line, column, endLine, endColumn, severity, code, source, message. */
export type ContractDiagnostic = Omit<PositionedDiagnostic, 'source'> & { source: ContractSource };
export type ContractSource = 'json' | 'schema' | 'semantic' | 'expression';

/**
 * The CLI contract names four sources. Trigger (ADF6xxx) and data flow (ADF7xxx) rules are semantic checks of
 * their resources; their codes keep them apart.
 */
function contractSource(source: Diagnostic['source']): ContractSource {
  return source === 'json' || source === 'schema' || source === 'expression' ? source : 'semantic';
}

/** Adds 1-based positions, using each resource's line index (or the file's text for load diagnostics). */
export async function positionAll(factories: Factory[], diags: Diagnostic[]): Promise<PositionedDiagnostic[]> {
  const indexes = new Map<string, LineIndex>();
  for (const f of factories) for (const k of RESOURCE_KINDS) for (const r of f.resources[k].values()) indexes.set(r.file, r.doc.lines);
  const out: PositionedDiagnostic[] = [];
  for (const d of diags) {
    let lines = indexes.get(d.file);
    if (!lines) {
      let text = '';
      try {
        // Decoded as the loaders read it (UTF-16 with a BOM too: Fabric workspace files).
        text = decodeFabricText(await fs.readFile(d.file)).text;
      } catch {
        /* unreadable: position 1:1 */
      }
      lines = new LineIndex(text);
      indexes.set(d.file, lines);
    }
    out.push(positionDiagnostic(d, lines));
  }
  return out;
}

/** Positioned diagnostics in the JSON contract shape, with exactly the contract's keys in its order. */
export async function contractDiagnostics(factories: Factory[], diags: Diagnostic[]): Promise<ContractDiagnostic[]> {
  return (await positionAll(factories, diags)).map((d) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    severity: d.severity,
    code: d.code,
    source: contractSource(d.source),
    message: d.message,
  }));
}

/** The compiler-like line `file:line:col severity code message`, the file relative to the working folder. */
export function diagnosticLine(d: PositionedDiagnostic | ContractDiagnostic, cwd = process.cwd()): string {
  return `${path.relative(cwd, d.file) || d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}
