/** ADF0xxx: JSON syntax and loading (the loader, and the inputs of `adfw eval`). */
import { defineBand } from './band';

export const JSON_BAND = defineBand('ADF0', 'JSON and loading', {
  invalidJson: { code: 'ADF0001', severity: 'error', message: 'Invalid JSON: {reason}.', variants: { context: 'The context {what} is not valid JSON: {reason}.', batchLine: 'Line {line} is not valid JSON: {reason}.' }, doc: 'The text is not valid JSON (position of the first error); fix the syntax. The resource still resolves by its file name.' },
  wrongShape: { code: 'ADF0002', severity: 'error', message: '{what} must be {expected}.', doc: 'Valid JSON of the wrong shape where an input of `adfw eval` needs a string or an object.' },
  unreadable: { code: 'ADF0003', severity: 'error', message: 'Cannot read file: {reason}', variants: { contextFile: 'Cannot read the context file \'{file}\': {reason}.' }, doc: 'A file cannot be read (missing, permissions, I/O error).' },
  nameMismatch: { code: 'ADF0004', severity: 'info', message: 'The resource is named "{name}" but its file is "{file}"; ADF\'s git integration names files after resources.', doc: "ADF's git integration names files after resources; rename the file." },
  tooDeep: { code: 'ADF0005', severity: 'error', message: 'The JSON is nested more than {max} levels deep here; the file is not loaded. Flatten the structure.', doc: 'JSON nesting beyond 1,000 levels is refused (no real resource comes close); flatten the structure.' },
  notResource: { code: 'ADF0006', severity: 'warning', message: 'Not a Data Factory resource: {reason}. The file is ignored.', variants: { noProperties: 'Not a Data Factory {kind}: it has no "properties" object. The file is ignored; move it out of the {kind}/ folder or add "properties".', armExport: 'The {kind} "{name}" has no "properties" object.' }, doc: 'A JSON file in a resource folder that is not a resource (no "name"/"properties"); it is ignored. Move it out of the folder or complete it.' },
});
