/**
 * SARIF 2.1.0 output checked against the facts of the OASIS standard that code scanning tools rely on (written
 * here as a JSON Schema fragment of sarif-schema-2.1.0.json: required properties, enumerations, minimums) and
 * against GitHub code scanning's documented needs (relative artifact URIs, rule metadata, partial fingerprints).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Ajv from 'ajv';
import { RULES, SARIF_SCHEMA_URI, toSarif, type SarifInput } from '../../../src/engine/lint';

const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
const level = { enum: ['none', 'note', 'warning', 'error'] };
/** From sarif-schema-2.1.0.json (OASIS SARIF v2.1.0 errata 01): the parts our output uses. */
const SARIF_FACTS = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: message,
                        fullDescription: message,
                        help: message,
                        defaultConfiguration: { type: 'object', properties: { level, enabled: { type: 'boolean' }, rank: { type: 'number', minimum: -1, maximum: 100 } } },
                      },
                    },
                  },
                },
              },
            },
          },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          originalUriBaseIds: { type: 'object', additionalProperties: { type: 'object', properties: { uri: { type: 'string', pattern: '/$' } } } },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level,
                message,
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        properties: {
                          artifactLocation: { type: 'object', properties: { uri: { type: 'string' }, uriBaseId: { type: 'string' } } },
                          region: {
                            type: 'object',
                            properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 }, endColumn: { type: 'integer', minimum: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
                suppressions: {
                  type: 'array',
                  uniqueItems: true,
                  items: { type: 'object', required: ['kind'], properties: { kind: { enum: ['inSource', 'external'] }, status: { enum: ['accepted', 'underReview', 'rejected'] }, justification: { type: 'string' } } },
                },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};

const base = path.resolve('/repo');
function input(): SarifInput {
  return {
    toolVersion: '1.2.3',
    baseDir: base,
    rules: RULES.map((r) => ({ ...r.meta, level: r.meta.id === 'naming-convention' ? 'off' : r.meta.defaultSeverity })),
    results: [
      { rule: 'secret-literal', severity: 'error', message: 'Linked service holds a secret.', file: path.join(base, 'adf', 'linkedService', 'LS Blob.json'), line: 6, column: 49, endLine: 6, endColumn: 120, resource: 'linkedService/LS Blob' },
      { rule: 'missing-description', severity: 'info', message: 'No description.', file: path.join(base, 'adf', 'pipeline', 'P.json'), line: 3, column: 5, endLine: 3, endColumn: 17, resource: 'pipeline/P' },
      { rule: 'unused-resource', severity: 'warning', message: 'Unused.', file: path.join(base, 'adf', 'dataset', 'D.json'), line: 2, column: 13, endLine: 2, endColumn: 16, resource: 'dataset/D', suppression: { reason: 'kept for the archive', by: 'config' } },
      { rule: 'unreachable-pipeline', severity: 'info', message: 'Unreachable.', file: path.join(base, 'adf', 'pipeline', 'P.json'), line: 2, column: 13, endLine: 2, endColumn: 16, resource: 'pipeline/P', suppression: { reason: 'runbook', by: 'annotation' } },
    ],
  };
}

test('the SARIF log satisfies the 2.1.0 schema facts', () => {
  const log = toSarif(input());
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(SARIF_FACTS);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.equal(log.$schema, SARIF_SCHEMA_URI);
});

test('levels, rule indexes, relative URIs, suppressions and fingerprints', () => {
  const log = toSarif(input());
  const run = log.runs[0];
  const rules = run.tool.driver.rules!;
  assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.meta.id));
  assert.deepEqual(rules.find((r) => r.id === 'naming-convention')!.defaultConfiguration, { level: 'none', enabled: false });
  assert.equal(rules.find((r) => r.id === 'missing-description')!.defaultConfiguration!.level, 'note');
  const [secret, info, unused, unreachable] = run.results!;
  assert.equal(secret.level, 'error');
  assert.equal(info.level, 'note');
  for (const r of run.results!) assert.equal(rules[r.ruleIndex!].id, r.ruleId, 'ruleIndex points at the rule');
  // Spaces in file names are percent-encoded: artifact URIs are URI references relative to %SRCROOT%.
  assert.equal(secret.locations![0].physicalLocation!.artifactLocation!.uri, 'adf/linkedService/LS%20Blob.json');
  assert.equal(run.originalUriBaseIds!['%SRCROOT%'].uri, 'file:///repo/');
  assert.deepEqual(unused.suppressions, [{ kind: 'external', justification: 'kept for the archive', status: 'accepted' }]);
  assert.deepEqual(unreachable.suppressions, [{ kind: 'inSource', justification: 'runbook', status: 'accepted' }]);
  assert.equal(secret.suppressions, undefined);
  // Fingerprints are stable across runs and differ between findings.
  assert.deepEqual(toSarif(input()).runs[0].results!.map((r) => r.partialFingerprints), run.results!.map((r) => r.partialFingerprints));
  assert.equal(new Set(run.results!.map((r) => r.partialFingerprints!['adfwFinding/v1'])).size, 4);
});
