/** .adfwlint.json in VS Code's own JSON language service, associated as package.json's jsonValidation does. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import pkg from '../../../package.json';
import schema from '../../../schemas/adfwlint.schema.json';
import { RULES } from '../../../src/engine/lint';

function service() {
  const entry = (pkg.contributes.jsonValidation as { fileMatch: string[]; url: string }[]).find((j) => j.url === './schemas/adfwlint.schema.json');
  assert.ok(entry, 'package.json associates .adfwlint.json with its schema');
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'file:///schemas/adfwlint.schema.json', fileMatch: entry.fileMatch, schema: schema as JSONSchema }] });
  return ls;
}

test('completion offers every rule id and severity; misspelt rules are flagged', async () => {
  const ls = service();
  const text = '{ "rules": {  } }';
  const doc = TextDocument.create('file:///repo/.adfwlint.json', 'json', 1, text);
  const items = await ls.doComplete(doc, doc.positionAt(text.indexOf('{  }') + 2), ls.parseJSONDocument(doc));
  const labels = new Set(items!.items.map((i) => i.label.replace(/"/g, '')));
  for (const r of RULES) assert.ok(labels.has(r.meta.id), r.meta.id);
  const bad = TextDocument.create('file:///repo/.adfwlint.json', 'json', 1, '{ "rules": { "secret-literall": "error", "missing-description": "fatal" } }');
  const diags = await ls.doValidation(bad, ls.parseJSONDocument(bad));
  assert.equal(diags.length, 2, JSON.stringify(diags));
});
