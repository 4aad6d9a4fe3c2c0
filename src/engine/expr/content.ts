/**
 * Binary and XML values. ADF represents them as content objects:
 *   {"$content-type": "application/octet-stream", "$content": "<base64>"}
 *   {"$content-type": "application/xml;charset=utf-8", "$content": "<base64>"}
 * so they survive JSON round trips; string() and interpolation decode them to text.
 */
import { isPlainObject } from './values';

const OCTET = 'application/octet-stream';
const XML = 'application/xml;charset=utf-8';

export interface ContentValue {
  '$content-type': string;
  $content: string;
}

export function isContent(v: unknown): v is ContentValue {
  return isPlainObject(v) && typeof v['$content-type'] === 'string' && typeof v.$content === 'string';
}

export function binaryOf(bytes: Buffer): ContentValue {
  return { '$content-type': OCTET, $content: bytes.toString('base64') };
}

export function xmlOf(text: string): ContentValue {
  return { '$content-type': XML, $content: Buffer.from(text, 'utf8').toString('base64') };
}

export function contentBytes(v: ContentValue): Buffer {
  return Buffer.from(v.$content, 'base64');
}

export function contentText(v: ContentValue): string {
  return contentBytes(v).toString('utf8');
}
