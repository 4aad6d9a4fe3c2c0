/** VS Code's JSON language service configured with the generated schemas, as `contributes.jsonValidation` does. */
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import { SCHEMAS } from '../../../src/engine/schema';
import { RESOURCE_KINDS } from '../../../src/engine/model/types';

export function jsonService() {
  const ls = getLanguageService({});
  ls.configure({
    validate: true,
    allowComments: false,
    schemas: RESOURCE_KINDS.map((k) => ({ uri: `file:///schemas/${k}.json`, fileMatch: [`**/${k}/*.json`], schema: SCHEMAS[k] as JSONSchema })),
  });
  return ls;
}

