/**
 * The CI recipes in samples/ci parse as YAML, sign in with federated credentials only (no secret), run the
 * stages in order, and every adfw command line they contain uses a real command and only flags that command
 * documents in its usage (so the recipes cannot drift from the CLI).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Command } from '../../../src/cli/args';

const DIR = path.join(__dirname, '..', '..', '..', 'samples', 'ci');
const FILES: Record<string, string> = { validate: 'validate', test: 'test', 'export-arm': 'exportArm', publish: 'publish', drift: 'drift', pull: 'pull' };

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

/** adfw command lines in the scripts of a recipe, split into words (quotes removed). */
function adfwCommands(doc: unknown): string[][] {
  const out: string[][] = [];
  for (const s of strings(doc)) {
    for (const m of s.matchAll(/(?:^|\n|;|&&|do\s)\s*(adfw\s[^\n;]*(?:\n(?!\s*(?:adfw|done|for)\b)[^\n;]*)*)/g)) {
      const words = [...m[1].matchAll(/"[^"]*"|'[^']*'|\S+/g)].map((w) => w[0].replace(/^["']|["']$/g, ''));
      const end = words.findIndex((w) => w === '>' || w === '|');
      out.push(end < 0 ? words : words.slice(0, end));
    }
  }
  return out;
}

async function usageOf(name: string): Promise<string> {
  const command = (await import(`../../../src/cli/commands/${FILES[name]}`)).default as Command;
  const out: string[] = [];
  await command(['--help'], { out: (t) => out.push(t), err: () => undefined });
  return out.join('\n');
}

async function checkCommands(doc: unknown, file: string): Promise<number> {
  const cmds = adfwCommands(doc);
  for (const words of cmds) {
    const name = words[1];
    assert.ok(FILES[name], `${file}: "adfw ${name}" is not a command the recipes are checked against`);
    const usage = await usageOf(name);
    for (const w of words.slice(2)) if (w.startsWith('--')) assert.ok(new RegExp(`\\[?${w.replace(/[-]/g, '\\-')}\\b`).test(usage), `${file}: adfw ${name} has no option ${w} (usage: ${usage})`);
  }
  return cmds.length;
}

describe('CI recipes (samples/ci)', () => {
  it('the GitHub Actions workflow: OIDC sign-in, validate → test → export per stage → publish per stage', async () => {
    const file = path.join(DIR, 'github-actions.yml');
    const text = await fs.readFile(file, 'utf8');
    const doc = parse(text) as any;
    assert.equal(doc.permissions['id-token'], 'write', 'federated credentials need the OIDC token');
    assert.deepEqual(Object.keys(doc.jobs), ['validate', 'deploy']);
    assert.equal(doc.jobs.deploy.needs, 'validate');
    assert.deepEqual(doc.jobs.deploy.strategy.matrix.stage, ['uat', 'prod']);
    assert.equal(doc.jobs.deploy.strategy['max-parallel'], 1, 'stages deploy one after the other');
    const login = doc.jobs.deploy.steps.find((s: any) => String(s.uses).startsWith('azure/login@'));
    assert.ok(login.with['client-id'] && !('client-secret' in login.with) && !('creds' in login.with));
    assert.ok(!/secret/i.test(strings(doc).join('\n')) && !/secret/i.test(Object.keys(login.with).join()), 'no secret is used anywhere');
    const names = doc.jobs.validate.steps.map((s: any) => s.name).filter(Boolean);
    assert.deepEqual(names.slice(1), ['Validate', 'Pipeline tests', 'ARM templates per stage']);
    const n = await checkCommands(doc, 'github-actions.yml');
    assert.ok(n >= 6, `found ${n} adfw commands`);
  });

  it('the Azure Pipelines YAML: workload identity service connections, Build → UAT → PROD', async () => {
    const file = path.join(DIR, 'azure-pipelines.yml');
    const text = await fs.readFile(file, 'utf8');
    const doc = parse(text) as any;
    assert.deepEqual(doc.stages.map((s: any) => s.stage), ['Build', 'UAT', 'PROD']);
    assert.equal(doc.stages[1].dependsOn, 'Build');
    assert.equal(doc.stages[2].dependsOn, 'UAT');
    const cli = strings(doc.stages).length && doc.stages.slice(1).map((s: any) => s.jobs[0].strategy.runOnce.deploy.steps.find((x: any) => x.task === 'AzureCLI@2'));
    assert.deepEqual(cli.map((t: any) => t.inputs.azureSubscription), ['sc-adf-uat', 'sc-adf-prod']);
    assert.ok(!/secret/i.test(strings(doc).join('\n')), 'no secret is used anywhere');
    const n = await checkCommands(doc, 'azure-pipelines.yml');
    assert.ok(n >= 7, `found ${n} adfw commands`);
  });

  it('the checker catches a flag a command does not have', async () => {
    await assert.rejects(checkCommands({ run: 'adfw publish factory --stage uat --no-such-flag' }, 'x.yml'), /has no option --no-such-flag/);
    await assert.rejects(checkCommands({ run: 'adfw deploy factory' }, 'x.yml'), /"adfw deploy" is not a command/);
  });
});
