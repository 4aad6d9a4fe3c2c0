/**
 * Mapping ajv errors to diagnostics: one readable message per problem (branches of anyOf/if-then chains folded
 * into the one that matches the value's type), each at the exact node, code and severity from the catalogue.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics';
import type { JsonDocument } from '../json/document';
import { closestName } from '../text';
import { formatMessage, SchemaCodes, schemaCodeOf, severityOf } from '../codes';
import { keyOrValueRange, nodeAtPath, pointerToPath } from './pointers';

const EXPRESSION_REF = '#/definitions/_expression';
const CONSTRAINTS = new Set(['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'maxLength', 'minLength', 'maxItems', 'minItems']);

/** Turns ajv errors into diagnostics: one readable message per problem, each at the exact node. */
export function errorsToDiagnostics(doc: JsonDocument, schema: object, input: ErrorObject[]): Diagnostic[] {
  let errors = input.filter((e) => e.keyword !== 'if');
  // Collapse anyOf: keep the errors of the branch whose type matches the value, or one summary message.
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  const dropped = new Set<ErrorObject>();
  const messages = new Map<ErrorObject, string>();
  for (const a of anyOfs) {
    if (dropped.has(a)) continue;
    const prefix = a.schemaPath + '/';
    const branches = (Array.isArray(a.schema) ? a.schema : []) as Record<string, unknown>[];
    // Errors of a branch: under the anyOf's own schema path, or (through $ref) under the referenced definition.
    const refPrefixes = branches.map((b) => (typeof b.$ref === 'string' ? b.$ref + '/' : undefined));
    const under = (e: ErrorObject) => e.instancePath === a.instancePath || e.instancePath.startsWith(a.instancePath + '/');
    const branchOf = (e: ErrorObject): number => {
      if (e.schemaPath.startsWith(prefix)) return Number(e.schemaPath.slice(prefix.length).split('/')[0]);
      if (!under(e)) return -2;
      return refPrefixes.findIndex((r) => !!r && e.schemaPath.startsWith(r));
    };
    const children = errors.filter((e) => e !== a && branchOf(e) >= 0);
    const t = jsonType(a.data);
    const hasExpression = branches.some((b) => b.$ref === EXPRESSION_REF);
    const isExprObject = t === 'object' && (a.data as Record<string, unknown>).type === 'Expression';
    const looksLikeExpression = hasExpression && ((typeof a.data === 'string' && /^\s*@/.test(a.data)) || isExprObject);
    const match = looksLikeExpression ? -1 : branches.findIndex((b) => b.$ref !== EXPRESSION_REF && typesOf(b, schema).includes(t));
    if (match >= 0) {
      for (const c of children) if (branchOf(c) !== match) dropped.add(c);
      dropped.add(a);
    } else if (isExprObject) {
      // An expression object with a problem (e.g. "value" not a string): one clear message.
      for (const c of children) dropped.add(c);
      messages.set(a, formatMessage(SchemaCodes.type, { value: preview(a.data) }, 'expressionObject'));
    } else {
      for (const c of children) dropped.add(c);
      const kinds = branches.map((b) => describe(b, schema)).filter((x, i, all) => all.indexOf(x) === i);
      messages.set(a, formatMessage(SchemaCodes.type, { kinds: joinOr(kinds), value: preview(a.data) }));
    }
  }
  errors = errors.filter((e) => !dropped.has(e));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = pointerToPath(doc, e.instancePath);
    let node = nodeAtPath(doc.root, path);
    let message = messages.get(e) ?? messageOf(e);
    // Severity is the catalogue's: unknown properties and range limits warn (ADF does not enforce all of them).
    const severity = severityOf(schemaCodeOf(e.keyword));
    let range = node ? keyOrValueRange(node) : { offset: 0, length: 1 };
    if (e.keyword === 'additionalProperties') {
      const prop = String((e.params as { additionalProperty?: string }).additionalProperty);
      const child = node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === prop) : undefined;
      if (child?.children?.[0]) range = { offset: child.children[0].offset, length: child.children[0].length };
      const known = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      const hint = closestName(prop, known);
      message = formatMessage(SchemaCodes.additionalProperty, { property: prop, hint: hint ? `; did you mean "${hint}"?` : '.' });
      path.push(prop);
    } else if (e.keyword === 'required') {
      const prop = String((e.params as { missingProperty?: string }).missingProperty);
      message = messages.get(e) ?? formatMessage(SchemaCodes.required, { property: prop });
    } else if (CONSTRAINTS.has(e.keyword)) {
      // Range and length limits of the specification: reported, but ADF itself does not enforce all of them.
      if (node) range = keyOrValueRange(node);
    } else if (node && e.keyword !== 'required') {
      range = { offset: node.offset, length: node.length > 200 && (node.type === 'object' || node.type === 'array') ? 1 : node.length };
      if (node.type === 'object' || node.type === 'array') range = keyOrValueRange(node);
    }
    void (node = undefined);
    const key = `${range.offset}:${range.length}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: doc.file, ...range, severity, code: schemaCodeOf(e.keyword), source: 'schema', message, path });
  }
  return out;
}

function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': return formatMessage(SchemaCodes.type, { kinds: article(String(p.type).replace(/,/g, ' or ')), value: preview(e.data) });
    case 'enum': return formatMessage(SchemaCodes.enumValue, { values: (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '), value: preview(e.data) });
    case 'const': return formatMessage(SchemaCodes.enumValue, { expected: JSON.stringify(p.allowedValue), value: preview(e.data) }, 'const');
    case 'maximum': return formatMessage(SchemaCodes.limit, { value: preview(e.data), limit: 'above the maximum of ' + String(p.limit) });
    case 'minimum': return formatMessage(SchemaCodes.limit, { value: preview(e.data), limit: 'below the minimum of ' + String(p.limit) });
    case 'maxLength': return formatMessage(SchemaCodes.limit, { limit: String(p.limit) }, 'tooLong');
    case 'minLength': return formatMessage(SchemaCodes.limit, { limit: String(p.limit), plural: p.limit === 1 ? '' : 's' }, 'tooShort');
    case 'pattern': return formatMessage(SchemaCodes.pattern, { value: preview(e.data), pattern: String(p.pattern) });
    // Written by the caller, which has the node and the property at hand.
    case 'required':
    case 'additionalProperties': return '';
    default: return formatMessage(schemaCodeOf(e.keyword), { reason: e.message ?? e.keyword }, schemaCodeOf(e.keyword) === SchemaCodes.other ? undefined : 'other');
  }
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : 'number';
  return typeof v;
}

function resolve(ref: string, schema: object): Record<string, unknown> | undefined {
  let cur: unknown = schema;
  for (const seg of ref.replace(/^#\//, '').split('/')) cur = (cur as Record<string, unknown>)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur as Record<string, unknown> | undefined;
}

function typesOf(b: Record<string, unknown>, schema: object, depth = 0): string[] {
  if (depth > 5) return [];
  if (typeof b.$ref === 'string') {
    const r = resolve(b.$ref, schema);
    return r ? typesOf(r, schema, depth + 1) : [];
  }
  if (typeof b.type === 'string') return [b.type === 'integer' ? 'number' : b.type];
  if (Array.isArray(b.type)) return b.type as string[];
  if (Array.isArray(b.anyOf)) return (b.anyOf as Record<string, unknown>[]).flatMap((x) => typesOf(x, schema, depth + 1));
  if (Array.isArray(b.allOf)) return (b.allOf as Record<string, unknown>[]).flatMap((x) => typesOf(x, schema, depth + 1));
  return ['object'];
}

function describe(b: Record<string, unknown>, schema: object): string {
  if (b.$ref === EXPRESSION_REF) return 'an expression ("@..." or {"value": "@...", "type": "Expression"})';
  return typesOf(b, schema).map((t) => article(t)).join(' or ');
}

function article(t: string): string {
  return t.split(' or ').map((x) => (/^[aeiou]/.test(x) ? `an ${x}` : `a ${x}`)).join(' or ');
}

function joinOr(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function preview(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
