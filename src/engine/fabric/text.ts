/**
 * Decoding the files of a Fabric workspace. Fabric's git integration writes UTF-8 (with or without a byte-order
 * mark); files saved by other tools on Windows are often UTF-16 with a BOM. The BOM decides; without one, UTF-8
 * (the one decoder is the text area's).
 */
import { decodeText, encodingOf, type TextEncodingName } from '../text';

export type FabricEncoding = TextEncodingName;

export function decodeFabricText(bytes: Uint8Array): { text: string; encoding: FabricEncoding } {
  return { text: decodeText(bytes), encoding: encodingOf(bytes) };
}
