/**
 * Text of a file's bytes as Fabric (and Windows tools) write them: UTF-16 little or big endian with their byte
 * order mark, else UTF-8. A byte order mark is kept as U+FEFF at the start (the JSON reader accepts it), so offsets
 * and positions agree with the engine's JSON reader whatever the encoding.
 */
export type TextEncodingName = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

/** The encoding a file's leading bytes announce (UTF-8 without a byte order mark). */
export function encodingOf(bytes: Uint8Array): TextEncodingName {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8bom';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return 'utf8';
}

export function decodeText(bytes: Uint8Array): string {
  const encoding = encodingOf(bytes);
  const label = encoding === 'utf16le' ? 'utf-16le' : encoding === 'utf16be' ? 'utf-16be' : 'utf-8';
  return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
}
