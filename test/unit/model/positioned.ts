/** Assertion shared by the property tests: every diagnostic names the file and a range inside the text. */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/engine/diagnostics';

export function assertPositioned(ds: Diagnostic[], file: string, text: string): void {
  for (const d of ds) {
    assert.equal(d.file, file);
    assert.ok(Number.isInteger(d.offset) && d.offset >= 0 && d.offset <= text.length, `offset ${d.offset} within ${text.length}`);
    assert.ok(Number.isInteger(d.length) && d.length >= 0 && d.offset + d.length <= text.length + 1, `range ${d.offset}+${d.length} within ${text.length}`);
    assert.match(d.code, /^ADF\d{4}$/);
    assert.ok(d.message.length > 0);
  }
}

