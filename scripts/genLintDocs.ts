// Writes docs/lint-rules.md from the lint rules (a unit test checks that the file is current).
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { rulesMarkdown, RULES_DOC_PATH } from '../src/engine/lint';

const file = path.join(__dirname, '..', RULES_DOC_PATH);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, rulesMarkdown().text);
console.log(`wrote ${RULES_DOC_PATH}`);
