/**
 * XML support for xml(), json() and xpath(), on @xmldom/xmldom and xpath.
 * JSON ↔ XML follows the widely used Json.NET convention that ADF uses: attributes as "@name", text next to
 * elements as "#text", the declaration as "?xml", repeated elements as arrays.
 */
import { DOMParser, XMLSerializer, type Document, type Element, type Node as XNode } from '@xmldom/xmldom';
import * as xpathLib from 'xpath';
import { xmlOf } from '../content';
import { setOwn } from '../values';

export class XmlError extends Error {}

/** Parses XML text; throws XmlError with the parser's message on malformed input. */
export function parseXml(text: string): Document {
  try {
    const parser = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new XmlError(message.split('\n')[0]);
      },
    });
    const doc = parser.parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new XmlError('the text has no root element');
    return doc;
  } catch (e) {
    throw e instanceof XmlError ? e : new XmlError((e as Error).message.split('\n')[0]);
  }
}

const ELEMENT = 1;
const ATTRIBUTE = 2;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const COMMENT = 8;

function elementToJson(el: Element): unknown {
  const obj: Record<string, unknown> = {};
  let hasContent = false;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    setOwn(obj, `@${a.name}`, a.value);
    hasContent = true;
  }
  const texts: string[] = [];
  const repeated = new Set<string>();
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) {
      const child = c as Element;
      const value = elementToJson(child);
      const name = child.tagName;
      if (!Object.prototype.hasOwnProperty.call(obj, name)) setOwn(obj, name, value);
      else if (repeated.has(name)) (obj[name] as unknown[]).push(value);
      else {
        // A second element of the same name turns the property into an array.
        setOwn(obj, name, [obj[name], value]);
        repeated.add(name);
      }
      hasContent = true;
    } else if (c.nodeType === TEXT || c.nodeType === CDATA) {
      const t = c.nodeValue ?? '';
      if (t.trim() !== '' || c.nodeType === CDATA) texts.push(t);
    }
  }
  if (!hasContent) return texts.length ? texts.join('') : null;
  if (texts.length) obj['#text'] = texts.length === 1 ? texts[0] : texts;
  return obj;
}

/** Converts an XML document to JSON. */
export function xmlToJson(text: string): Record<string, unknown> {
  const doc = parseXml(text);
  const out: Record<string, unknown> = {};
  const decl = /^\s*<\?xml\s+([^?]*)\?>/.exec(text);
  if (decl) {
    const attrs: Record<string, string> = {};
    for (const m of decl[1].matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[`@${m[1]}`] = m[2] ?? m[3];
    out['?xml'] = attrs;
  }
  for (let c = doc.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) setOwn(out, (c as Element).tagName, elementToJson(c as Element));
  }
  return out;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

const NAME_RE = /^[A-Za-z_][\w.:-]*$/;

function valueToXml(name: string, v: unknown): string {
  if (!NAME_RE.test(name)) throw new XmlError(`'${name}' is not a valid XML element name`);
  if (Array.isArray(v)) return v.map((x) => valueToXml(name, x)).join('');
  if (v === null || v === undefined) return `<${name} />`;
  if (typeof v !== 'object') return `<${name}>${escapeText(scalarText(v))}</${name}>`;
  let attrs = '';
  let body = '';
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith('@')) attrs += ` ${k.slice(1)}="${escapeAttr(scalarText(x))}"`;
    else if (k === '#text') body += escapeText(Array.isArray(x) ? x.map(scalarText).join('') : scalarText(x));
    else if (k === '#cdata-section') body += `<![CDATA[${scalarText(x)}]]>`;
    else body += valueToXml(k, x);
  }
  return body ? `<${name}${attrs}>${body}</${name}>` : `<${name}${attrs} />`;
}

/** Converts a JSON object with exactly one root property (besides "?xml") to XML text. */
export function jsonToXml(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj).filter((k) => k !== '?xml' && !k.startsWith('$'));
  if (keys.length !== 1) throw new XmlError(`the JSON object must have exactly one root property to become an XML document; it has ${keys.length}`);
  const root = obj[keys[0]];
  if (Array.isArray(root)) throw new XmlError('the root property of the JSON object cannot be an array');
  let decl = '';
  const d = obj['?xml'];
  if (d && typeof d === 'object') {
    decl = `<?xml${Object.entries(d as Record<string, unknown>).map(([k, v]) => ` ${k.replace(/^@/, '')}="${escapeAttr(scalarText(v))}"`).join('')}?>`;
  }
  return decl + valueToXml(keys[0], root);
}

/**
 * Evaluates an XPath over XML text, with ADF's result shapes: a node set is always an array (one match, several
 * or none), each element (or document) node as XML content `{"$content-type": "application/xml;charset=utf-8",
 * "$content": base64 of its outer XML}`, each attribute, text, comment or processing-instruction node as its
 * string value. Numbers (sum, count), strings and Booleans are returned as they are.
 */
export function evaluateXPath(text: string, expression: string): unknown {
  const doc = parseXml(text);
  let result: unknown;
  try {
    result = xpathLib.select(expression, doc as unknown as Node);
  } catch (e) {
    throw new XmlError(`the XPath expression '${expression}' is not valid: ${(e as Error).message}`);
  }
  if (!Array.isArray(result)) return result;
  const serializer = new XMLSerializer();
  return (result as XNode[]).map((n) => {
    switch (n.nodeType) {
      case ATTRIBUTE:
      case TEXT:
      case CDATA:
      case COMMENT:
      case PI:
        return n.nodeValue ?? '';
      default:
        return xmlOf(serializer.serializeToString(n));
    }
  });
}
