/**
 * Decoding the files of a Fabric workspace. Fabric's git integration writes UTF-8 (with or without a byte-order
 * mark); files saved by other tools on Windows are often UTF-16 with a BOM. The BOM decides; without one, UTF-8.
 * The text keeps a BOM as U+FEFF at its start, as reading a UTF-8 file with a BOM does, so offsets and positions
 * agree with the engine's JSON reader whatever the encoding.
 */
export type FabricEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

export function decodeFabricText(bytes: Uint8Array): { text: string; encoding: FabricEncoding } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: '\ufeff' + b.subarray(3).toString('utf8'), encoding: 'utf8bom' };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { text: '\ufeff' + b.subarray(2).toString('utf16le'), encoding: 'utf16le' };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    // Node has no UTF-16 BE decoder: swap each pair into LE (an odd trailing byte is dropped, as a decoder would).
    const body = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)));
    return { text: '\ufeff' + body.swap16().toString('utf16le'), encoding: 'utf16be' };
  }
  return { text: b.toString('utf8'), encoding: 'utf8' };
}
