/**
 * Hard-coded environment values: URLs, host and server names written as literals in linked services and activity
 * inputs, which differ between development, test and production and belong to a stage configuration (or a
 * parameter it sets).
 */
import { pipelineActivities, type Resource } from '../../model';
import type { LintRule, RuleContext } from '../types';
import { isSecretReference, literalStrings, ownTypeProperties, type StringLeaf } from './shared';

/** Connection-string keys whose values are a host, a URL or an account name. */
const HOST_PART = /^(server|data source|address|addr|network address|host|hostname|accountname|accountendpoint|endpoint|blobendpoint|dfsendpoint)$/i;
/** Property names whose values are host names, URLs or endpoints. */
const HOST_KEY = /^(url|baseurl|serviceuri|serviceurl|endpoint|accountendpoint|server|servername|host|hostname|domain|functionappurl|sasuri|workspaceurl)$/i;

function urlHost(value: string): string | undefined {
  return /^\s*[a-z][a-z0-9+.-]*:\/\/([^/:?#\s;]+)/i.exec(value)?.[1];
}

function hostOf(value: string): string | undefined {
  const url = urlHost(value);
  if (url) return url;
  for (const part of value.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0 || !HOST_PART.test(part.slice(0, i).trim())) continue;
    const v = part.slice(i + 1).trim();
    const host = urlHost(v) ?? v.replace(/^tcp:/i, '').replace(/[,:\\].*$/, '').trim();
    if (host) return host;
  }
  return undefined;
}

function environmentValue(leaf: StringLeaf, allow: string[]): string | undefined {
  const host = hostOf(leaf.value) ?? (HOST_KEY.test(leaf.key) && /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(leaf.value.trim()) ? leaf.value.trim() : undefined);
  if (!host) return undefined;
  const h = host.toLowerCase();
  const allowed = allow.some((a) => {
    const x = a.toLowerCase();
    return x.startsWith('*.') ? h.endsWith(x.slice(1)) : h === x;
  });
  if (allowed) return undefined;
  return host;
}

function check(ctx: RuleContext, resource: Resource, value: unknown, base: (string | number)[], owner: string, fixScope: 'pipeline' | 'linkedService', activity?: string) {
  const allow = ((ctx.options.allowHosts as string[]) ?? []).map(String);
  for (const leaf of literalStrings(value, base, isSecretReference)) {
    const host = environmentValue(leaf, allow);
    if (!host) continue;
    const where = leaf.path.slice(base.length - 1).join('.');
    const whole = HOST_KEY.test(leaf.key) || /^\s*[a-z]+:\/\//i.test(leaf.value);
    ctx.report({
      resource,
      path: leaf.path,
      activity,
      message: `${owner} hard-codes the host '${host}' in ${where}: it changes between environments. Make it a parameter and let the stage configuration set it.`,
      data: whole ? { fix: 'literalToParameter', path: leaf.path, name: leaf.key, scope: fixScope } : undefined,
    });
  }
}

/** Hosts that are the same in every environment: Azure's sign-in, management and token audience endpoints, loopback. */
const DEFAULT_ALLOW_HOSTS = ['management.azure.com', 'management.core.windows.net', 'login.microsoftonline.com', 'graph.microsoft.com', 'storage.azure.com', 'vault.azure.net', 'database.windows.net', 'datalake.azure.net', 'localhost', '127.0.0.1'];

export const hardCodedEnvironment: LintRule = {
  meta: {
    id: 'hard-coded-environment',
    defaultSeverity: 'warning',
    summary: 'URLs, server and account names written as literals in linked services and activity inputs.',
    rationale:
      'A factory is promoted from development to test to production; a literal server name or URL either points every stage at the same system or has to be rewritten during deployment, where a mistake reaches production unnoticed.',
    docs: 'Parameterise the value (linked service parameters, `@{linkedService().name}`; pipeline parameters or global parameters in activities) and set it per stage in the deployment configuration; the quick fix moves the literal into a parameter with the current value as its default.',
    defaultOptions: { allowHosts: DEFAULT_ALLOW_HOSTS, linkedServices: true, activities: true },
    fixable: true,
  },
  check(ctx) {
    if (ctx.options.linkedServices !== false) {
      for (const ls of ctx.factory.resources.linkedService.values()) if (!ls.derived) check(ctx, ls, ls.properties.typeProperties, ['properties', 'typeProperties'], `Linked service '${ls.name}'`, 'linkedService');
    }
    if (ctx.options.activities !== false) {
      for (const p of ctx.factory.resources.pipeline.values()) {
        for (const a of pipelineActivities(p)) check(ctx, p, ownTypeProperties(a.json), [...a.path, 'typeProperties'], `Activity '${a.name}' of pipeline '${p.name}'`, 'pipeline', a.name);
      }
    }
  },
};
