/**
 * Conversion functions: array, base64, base64ToBinary, base64ToString, binary, bool, coalesce, createArray,
 * dataUri, dataUriToBinary, dataUriToString, decodeBase64, decodeDataUri, decodeUriComponent,
 * encodeUriComponent, float, int, json, string, uriComponent, uriComponentToBinary, uriComponentToString,
 * xml, xpath.
 */
import { binaryOf, contentBytes, contentText, isContent, xmlOf } from '../content';
import { ExprCodes } from '../errors';
import { AdfFloat, isPlainObject, makeFloat, numKind, toNumber, toPlain, toText, typeName } from '../values';
import { evaluateXPath, jsonToXml, parseXml, XmlError, xmlToJson } from '../xml/convert';
import { optStr, str } from './args';
import { fn, type CallSite, type FunctionDef } from './types';

/** Bytes of a string or content argument. */
function bytesOf(args: unknown[], i: number, site: CallSite): Buffer {
  const v = args[i];
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (isContent(v)) return contentBytes(v);
  return site.expectType(i, 'a string or binary content', v);
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(args: unknown[], i: number, site: CallSite): Buffer {
  const s = str(args, i, site).replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !BASE64_RE.test(s)) {
    site.fail(ExprCodes.conversionFailed, { name: site.name, value: truncate(s) }, i, 'base64');
  }
  return Buffer.from(s, 'base64');
}

function truncate(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Percent-encodes like .NET Uri.EscapeDataString (only A-Z a-z 0-9 - _ . ~ stay). */
function escapeDataString(s: string, site: CallSite, arg: number): string {
  try {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return site.invalid(arg, 'The string contains an unpaired surrogate character and cannot be URI-encoded.');
  }
}

/** Decodes percent escapes like .NET Uri.UnescapeDataString: invalid sequences stay as they are. */
function unescapeDataString(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

const DATA_URI_RE = /^data:([^,]*?)(;base64)?,(.*)$/is;

function dataUriBytes(args: unknown[], i: number, site: CallSite): Buffer {
  const s = str(args, i, site);
  const m = DATA_URI_RE.exec(s);
  if (!m) site.fail(ExprCodes.conversionFailed, { name: site.name, value: truncate(s) }, i, 'dataUri');
  if (m[2]) {
    const b = m[3].replace(/\s+/g, '');
    if (b.length % 4 !== 0 || !BASE64_RE.test(b)) site.fail(ExprCodes.conversionFailed, {}, i, 'dataUriContent');
    return Buffer.from(b, 'base64');
  }
  return Buffer.from(unescapeDataString(m[3]), 'utf8');
}

/** Rounds half to even, as .NET Convert.ToInt64(double) does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const INT_RE = /^\s*[+-]?\d+\s*$/;

function separators(locale: string | undefined, site: CallSite, arg: number): { group: string; decimal: string } {
  if (!locale) return { group: ',', decimal: '.' };
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.5);
    return { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
  } catch {
    return site.invalid(arg, `The locale '${locale}' is not a valid culture name.`);
  }
}

export const conversionFunctions: FunctionDef[] = [
  fn('array', 'conversion', [1, 1], 'array(value: any): array', 'Returns an array that contains the single value. For several values use createArray().',
    (args) => [toPlain(args[0])]),
  fn('base64', 'conversion', [1, 1], 'base64(value: string | binary): string', 'Returns the base64-encoded version of a string (UTF-8) or binary content.',
    (args, _c, site) => bytesOf(args, 0, site).toString('base64')),
  fn('base64ToBinary', 'conversion', [1, 1], 'base64ToBinary(value: string): binary', 'Returns the binary content for a base64-encoded string.',
    (args, _c, site) => binaryOf(decodeBase64(args, 0, site))),
  fn('base64ToString', 'conversion', [1, 1], 'base64ToString(value: string): string', 'Decodes a base64-encoded string to text (UTF-8).',
    (args, _c, site) => decodeBase64(args, 0, site).toString('utf8')),
  fn('binary', 'conversion', [1, 1], 'binary(value: string): binary', 'Returns the binary content (UTF-8 bytes) for a string.',
    (args, _c, site) => binaryOf(bytesOf(args, 0, site))),
  fn('bool', 'conversion', [1, 1], 'bool(value: any): boolean',
    "Converts a value to a Boolean: 'true'/'false' (any case), numbers (0 is false, others true) and Booleans.",
    (args, _c, site) => {
      const v = args[0];
      if (typeof v === 'boolean') return v;
      if (numKind(v)) return toNumber(v) !== 0;
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase();
        if (t === 'true') return true;
        if (t === 'false') return false;
      }
      return site.fail(ExprCodes.conversionFailed, { name: 'bool', value: truncate(toText(v)), type: typeName(v), target: 'a Boolean' }, 0);
    }),
  fn('coalesce', 'conversion', [1, Infinity], 'coalesce(object1: any, object2: any, ...): any',
    'Returns the first value that is not null (empty strings, arrays and objects are not null); null when all are null.',
    (args) => {
      for (const a of args) if (a !== null && a !== undefined) return a;
      return null;
    }),
  fn('createArray', 'conversion', [1, Infinity], 'createArray(object1: any, object2: any, ...): array', 'Returns an array of the given values.',
    (args) => args.map(toPlain)),
  fn('dataUri', 'conversion', [1, 1], 'dataUri(value: string | binary): string', "Returns a data URI for a string ('data:text/plain;charset=utf-8;base64,...') or binary content.",
    (args, _c, site) => {
      const v = args[0];
      if (isContent(v)) return `data:${v['$content-type']};base64,${v.$content}`;
      return `data:text/plain;charset=utf-8;base64,${Buffer.from(str(args, 0, site), 'utf8').toString('base64')}`;
    }),
  fn('dataUriToBinary', 'conversion', [1, 1], 'dataUriToBinary(value: string): binary', 'Returns the binary content of a data URI.',
    (args, _c, site) => binaryOf(dataUriBytes(args, 0, site))),
  fn('dataUriToString', 'conversion', [1, 1], 'dataUriToString(value: string): string', 'Returns the text (UTF-8) of a data URI.',
    (args, _c, site) => dataUriBytes(args, 0, site).toString('utf8')),
  fn('decodeBase64', 'conversion', [1, 1], 'decodeBase64(value: string): string', 'Decodes a base64-encoded string to text (same as base64ToString).',
    (args, _c, site) => decodeBase64(args, 0, site).toString('utf8')),
  fn('decodeDataUri', 'conversion', [1, 1], 'decodeDataUri(value: string): binary', 'Returns the binary content of a data URI (same as dataUriToBinary).',
    (args, _c, site) => binaryOf(dataUriBytes(args, 0, site))),
  fn('decodeUriComponent', 'conversion', [1, 1], 'decodeUriComponent(value: string): string', 'Replaces percent escapes with the characters they encode.',
    (args, _c, site) => unescapeDataString(str(args, 0, site))),
  fn('encodeUriComponent', 'conversion', [1, 1], 'encodeUriComponent(value: string): string', 'Percent-encodes every character except A-Z, a-z, 0-9, -, _, . and ~ (same as uriComponent).',
    (args, _c, site) => escapeDataString(typeof args[0] === 'string' ? args[0] : toText(args[0]), site, 0)),
  fn('float', 'conversion', [1, 2], 'float(value: string | number, locale?: string): float',
    "Converts a string such as '10.333' (or a number) to a floating-point number. Optional locale for the separators ('de-DE': '10.000,5').",
    (args, _c, site) => {
      const v = args[0];
      if (numKind(v)) return makeFloat(toNumber(v));
      const s = str(args, 0, site);
      const { group, decimal } = separators(optStr(args, 1, site), site, 1);
      const normalized = s.trim().split(group).join('').split(decimal).join('.');
      const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normalized) ? Number(normalized) : NaN;
      if (!Number.isFinite(n)) {
        site.fail(ExprCodes.conversionFailed, { name: 'float', value: truncate(s) }, 0, 'float');
      }
      return makeFloat(n);
    }),
  fn('int', 'conversion', [1, 1], 'int(value: string | number): integer', "Converts a string such as '10' (or a number) to an integer.",
    (args, _c, site) => {
      const v = args[0];
      if (numKind(v) === 'int') return v;
      if (v instanceof AdfFloat || typeof v === 'number') {
        const r = roundHalfEven(toNumber(v));
        if (!Number.isSafeInteger(r)) site.fail(ExprCodes.conversionFailed, { name: 'int', value: toText(v), range: 'integer' }, 0, 'range');
        return r;
      }
      if (typeof v === 'string' && INT_RE.test(v)) {
        const b = BigInt(v.trim());
        if (b > 9223372036854775807n || b < -9223372036854775808n) {
          site.fail(ExprCodes.conversionFailed, { name: 'int', value: truncate(v), range: '64-bit integer' }, 0, 'range');
        }
        return Number.isSafeInteger(Number(b)) ? Number(b) : b;
      }
      return site.fail(ExprCodes.conversionFailed, { name: 'int', value: truncate(toText(v)), type: typeName(v), target: 'an integer' }, 0);
    }),
  fn('json', 'conversion', [1, 1], 'json(value: string | xml): any', 'Parses a JSON string into a value, or converts XML to JSON.',
    (args, _c, site) => {
      const v = args[0];
      if (v === null) return {};
      if (isContent(v) && v['$content-type'].startsWith('application/xml')) {
        try {
          return xmlToJson(contentText(v));
        } catch (e) {
          site.fail(ExprCodes.xmlError, { reason: (e as Error).message }, 0, 'jsonFromXml');
        }
      }
      if (typeof v !== 'string') {
        return site.fail(ExprCodes.invalidArgument, { name: 'json', expected: 'a string or an XML', type: typeName(v) }, 0, 'onlyParameterType');
      }
      try {
        return JSON.parse(v);
      } catch (e) {
        // An XML string is not converted: XML must come through xml() first, as in ADF.
        return site.fail(ExprCodes.conversionFailed, { value: truncate(v), reason: (e as Error).message }, 0, 'json');
      }
    }),
  fn('string', 'conversion', [1, 1], 'string(value: any): string',
    'Converts a value to a string: numbers invariant, Booleans as True/False, objects and arrays as JSON, null as empty.',
    (args) => toText(args[0])),
  fn('uriComponent', 'conversion', [1, 1], 'uriComponent(value: string): string', 'Percent-encodes every character except A-Z, a-z, 0-9, -, _, . and ~.',
    (args, _c, site) => escapeDataString(typeof args[0] === 'string' ? args[0] : toText(args[0]), site, 0)),
  fn('uriComponentToBinary', 'conversion', [1, 1], 'uriComponentToBinary(value: string): binary', 'Returns the binary content of a percent-encoded string.',
    (args, _c, site) => binaryOf(Buffer.from(unescapeDataString(str(args, 0, site)), 'utf8'))),
  fn('uriComponentToString', 'conversion', [1, 1], 'uriComponentToString(value: string): string', 'Decodes a percent-encoded string.',
    (args, _c, site) => unescapeDataString(str(args, 0, site))),
  fn('xml', 'conversion', [1, 1], 'xml(value: string | object): xml',
    'Returns XML content for an XML string, or for a JSON object with one root property ({"name": "x"} → <name>x</name>).',
    (args, _c, site) => {
      const v = args[0];
      try {
        if (typeof v === 'string') {
          parseXml(v);
          return xmlOf(v);
        }
        if (isContent(v)) {
          const text = contentText(v);
          parseXml(text);
          return xmlOf(text);
        }
        if (isPlainObject(v)) return xmlOf(jsonToXml(v));
      } catch (e) {
        if (e instanceof XmlError) site.fail(ExprCodes.xmlError, { reason: e.message }, 0);
        throw e;
      }
      return site.expectType(0, 'a string or an object', v);
    }),
  fn('xpath', 'conversion', [2, 2], 'xpath(xml: xml | string, xpath: string): any',
    "Returns the nodes or values of XML that match an XPath: a node set is an array (elements as XML content, attributes and text as strings), even for one match; sum(), count(), string() give values.",
    (args, _c, site) => {
      const x = args[0];
      const text = typeof x === 'string' ? x : isContent(x) ? contentText(x) : site.expectType(0, 'XML or a string', x);
      const expression = str(args, 1, site);
      try {
        return evaluateXPath(text, expression);
      } catch (e) {
        if (e instanceof XmlError) site.fail(ExprCodes.xmlError, { reason: e.message }, e.message.includes('XPath') ? 1 : 0, 'xpath');
        throw e;
      }
    }),
];
