/**
 * Text of a file's bytes as Fabric (and Windows tools) write them: UTF-16 little or big endian with their byte
 * order mark, else UTF-8 (a UTF-8 byte order mark is kept as U+FEFF, which the JSON parser accepts).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
