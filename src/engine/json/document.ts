/**
 * A JSON document parsed with jsonc-parser that keeps the source range of every node.
 * Parsing never throws: syntax errors become diagnostics.
 */
import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic, PositionedDiagnostic } from '../diagnostics';
import { LineIndex } from './lineIndex';
import { formatMessage, JsonCodes, severityOf } from '../codes';

export type JsonNode = Node;
export type JsonPath = (string | number)[];

export interface JsonDocument {
  file: string;
  text: string;
  /** Root node; undefined when the text is empty or hopelessly broken. */
  root: JsonNode | undefined;
  /** The parsed value (best effort when there are syntax errors). */
  value: unknown;
  /** JSON syntax diagnostics (code ADF0xxx). */
  diagnostics: Diagnostic[];
  lines: LineIndex;
}

export function parseJsonDocument(file: string, text: string): JsonDocument {
  // A UTF-8 byte order mark is common in files saved by Windows tools; ADF accepts it.
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
  const diagnostics: Diagnostic[] = errors.map((e) => ({
    file,
    offset: e.offset,
    length: Math.max(1, e.length),
    severity: severityOf(JsonCodes.invalidJson),
    code: JsonCodes.invalidJson,
    source: 'json' as const,
    message: formatMessage(JsonCodes.invalidJson, { reason: describeParseError(printParseErrorCode(e.error)) }),
  }));
  let value: unknown;
  try {
    value = root ? getNodeValue(root) : undefined;
  } catch {
    value = undefined;
  }
  return { file, text, root, value, diagnostics, lines: new LineIndex(text) };
}

function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol': return 'unexpected character';
    case 'InvalidNumberFormat': return 'invalid number';
    case 'PropertyNameExpected': return 'property name expected';
    case 'ValueExpected': return 'value expected';
    case 'ColonExpected': return 'colon expected';
    case 'CommaExpected': return 'comma expected';
    case 'CloseBraceExpected': return 'closing brace "}" expected';
    case 'CloseBracketExpected': return 'closing bracket "]" expected';
    case 'EndOfFileExpected': return 'end of file expected (extra content after the JSON value)';
    case 'InvalidCommentToken': return 'invalid comment';
    case 'UnexpectedEndOfComment': return 'unterminated comment';
    case 'UnexpectedEndOfString': return 'unterminated string';
    case 'UnexpectedEndOfNumber': return 'unterminated number';
    case 'InvalidUnicode': return 'invalid unicode escape';
    case 'InvalidEscapeCharacter': return 'invalid escape character';
    case 'InvalidCharacter': return 'invalid character in string';
    default: return code;
  }
}

/** The node at a JSON path, or undefined. */
export function nodeAt(doc: JsonDocument, path: JsonPath): JsonNode | undefined {
  return doc.root ? findNodeAtLocation(doc.root, path) : undefined;
}

/**
 * The range to report for a path: the value node if it exists, else the nearest existing ancestor's
 * property key (so "missing property" diagnostics point at the parent's key), else the whole file start.
 */
export function rangeAt(doc: JsonDocument, path: JsonPath): { offset: number; length: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(doc, path.slice(0, n));
    if (!node) continue;
    // Prefer the property key for objects/arrays (a short, readable range).
    const parent = node.parent;
    if ((node.type === 'object' || node.type === 'array') && parent?.type === 'property' && parent.children?.[0]) {
      const key = parent.children[0];
      return { offset: key.offset, length: key.length };
    }
    return { offset: node.offset, length: node.length };
  }
  return { offset: 0, length: 1 };
}

/** The JSON path of a node. */
export function pathOf(node: JsonNode): JsonPath {
  const path: JsonPath = [];
  let n: JsonNode | undefined = node;
  while (n?.parent) {
    const p: JsonNode = n.parent;
    if (p.type === 'property') {
      path.unshift(String(p.children![0].value));
      n = p.parent;
    } else if (p.type === 'array') {
      path.unshift(p.children!.indexOf(n));
      n = p;
    } else n = p;
  }
  return path;
}

/** Adds 1-based line/column to a diagnostic. */
export function positionDiagnostic(d: Diagnostic, lines: LineIndex): PositionedDiagnostic {
  const s = lines.position(d.offset);
  const e = lines.position(d.offset + d.length);
  return { file: d.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity: d.severity, code: d.code, source: d.source, message: d.message };
}
