/**
 * Applying a stage to a loaded factory: a new Factory whose changed resources carry the stage's values; the
 * original is untouched. Every rule must select something and every replaced or removed path must exist, so a
 * typo fails the deployment instead of deploying the development value.
 */
import type { Factory, Resource, ResourceKind } from '../model/types';
import { resourceWithJson } from '../model';
import { isSecretConnectionPart, isSecretPropertyName } from '../secrets';
import { formatPath, getPath, removePath, setPath, type PathSegment } from './paths';
import { wildcardMatch } from './wildcard';
import { StageError, type Stage, type StageChange, type StageProblem, type StageRule, type StageSource, type StageValue } from './types';

export interface ApplyOptions {
  env?: NodeJS.ProcessEnv;
}

export interface AppliedStage {
  factory: Factory;
  stage: Stage;
  changes: StageChange[];
}

const TOKEN = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|\$\(\$Env:([A-Za-z_][A-Za-z0-9_]*)\)|\$Env:([A-Za-z_][A-Za-z0-9_]*)|\$\{var:([A-Za-z_][A-Za-z0-9_.-]*)\}|\$\{stage\}/gi;

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

class Applier {
  readonly problems: StageProblem[] = [];
  readonly changes: StageChange[] = [];
  /** Working copies of the JSON of resources touched so far. */
  private readonly edited = new Map<Resource, Record<string, unknown>>();

  constructor(
    private readonly factory: Factory,
    private readonly stage: Stage,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  problem(source: StageSource, message: string): void {
    this.problems.push({ ...source, message });
  }

  json(r: Resource): Record<string, unknown> | undefined {
    let j = this.edited.get(r);
    if (!j) {
      if (!r.json) return undefined;
      j = structuredClone(r.json);
      this.edited.set(r, j);
    }
    return j;
  }

  /** Expands tokens in one string; an unset variable is a problem naming it. */
  expand(s: string, source: StageSource, depth = 0): string {
    return s.replace(TOKEN, (m, e1, e2, e3, v) => {
      const envName = e1 ?? e2 ?? e3;
      if (envName) {
        const x = this.env[envName];
        if (x === undefined) {
          this.problem(source, `environment variable ${envName} is not set (used as ${m}). Set it in the pipeline or shell before deploying.`);
          return m;
        }
        return x;
      }
      if (v) {
        const x = this.stage.variables[v];
        if (x === undefined) {
          this.problem(source, `stage variable "${v}" is not defined: add it to "variables".`);
          return m;
        }
        return depth < 8 ? this.expand(x, source, depth + 1) : x;
      }
      return this.stage.name;
    });
  }

  expandAll(v: unknown, source: StageSource): unknown {
    if (typeof v === 'string') return this.expand(v, source);
    if (Array.isArray(v)) return v.map((x) => this.expandAll(x, source));
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.expandAll(x, source)]));
    return v;
  }

  /** Refuses literal secrets: they must come from ${env:…} (or $Env:…) or a Key Vault reference. */
  checkSecrets(leaf: string, v: unknown, source: StageSource, where: string): void {
    if (typeof v === 'string') {
      const literal = v.replace(TOKEN, '');
      if (isSecretPropertyName(leaf)) {
        const parts = literal.split(';').map((p) => p.split('='));
        const connection = parts.filter((p) => p.length >= 2).length >= 2;
        const leaked = connection ? parts.filter((p) => p.length >= 2 && isSecretConnectionPart(p[0]) && p.slice(1).join('=').trim()) : literal.trim() ? [[leaf]] : [];
        if (leaked.length) this.problem(source, `${where} is a secret (${leaked.map((p) => p[0]).join(', ')}) written literally in a stage file: take it from the environment (\${env:NAME}) or a Key Vault reference ({"type": "AzureKeyVaultSecret", ...}).`);
      } else {
        const part = literal.split(';').find((p) => {
          const i = p.indexOf('=');
          return i > 0 && isSecretConnectionPart(p.slice(0, i)) && p.slice(i + 1).trim();
        });
        if (part) this.problem(source, `${where} contains a secret (${part.slice(0, part.indexOf('='))}=…) written literally in a stage file: take it from the environment (\${env:NAME}) or a Key Vault reference.`);
        else if (/[?&]sig=[^&\s$]/i.test(literal)) this.problem(source, `${where} contains a SAS signature written literally in a stage file: take it from the environment (\${env:NAME}) or a Key Vault reference.`);
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => this.checkSecrets(leaf, x, source, where));
    else if (isObj(v)) {
      if (v.type === 'AzureKeyVaultSecret') return;
      if (v.type === 'SecureString' && typeof v.value === 'string') this.checkSecrets('password', v.value, source, where);
      else for (const [k, x] of Object.entries(v)) this.checkSecrets(k, x, source, `${where}.${k}`);
    }
  }

  resourcesFor(kindPattern: string | undefined, namePattern: string): Resource[] {
    const out: Resource[] = [];
    for (const kind of Object.keys(this.factory.resources) as ResourceKind[]) {
      if (kindPattern !== undefined && !wildcardMatch(kindPattern, kind)) continue;
      for (const r of this.factory.resources[kind].values()) if (wildcardMatch(namePattern, r.name)) out.push(r);
    }
    return out;
  }

  rule(rule: StageRule): void {
    const targets = this.resourcesFor(rule.kind, rule.name);
    if (!targets.length) {
      this.problem(rule.source, `no ${rule.kind && rule.kind !== '*' ? rule.kind : 'resource'} matches "${rule.name}" in ${this.factory.root}: check the name (a typo must not deploy the wrong value).`);
      return;
    }
    const leaf = [...rule.path.segments].reverse().find((s): s is { key: string } => 'key' in s)?.key ?? '';
    if (rule.value) {
      const raw = 'text' in rule.value ? rule.value.text : rule.value.json;
      this.checkSecrets(leaf, raw, rule.source, `"${rule.pathText}"`);
    }
    for (const r of targets) {
      const json = this.json(r);
      if (!json) {
        this.problem(rule.source, `${r.kind} "${r.name}" (${r.file}) could not be parsed, so "${rule.pathText}" cannot be applied; fix the file first.`);
        continue;
      }
      const segments: PathSegment[] = rule.path.absolute || rule.relativeTo === 'root' ? rule.path.segments : [{ key: 'properties' }, ...rule.path.segments];
      const shown = formatPath(segments);
      if (!segments.length) {
        this.problem(rule.source, 'the path "$" names the whole resource; name a property under it.');
        continue;
      }
      const current = getPath(json, segments);
      if (rule.action === 'remove') {
        if (!current.found || !removePath(json, segments)) {
          this.problem(rule.source, `${r.kind} "${r.name}" has no property ${shown} to remove (nothing at "${formatPath(segments.slice(0, (current as { missingAt: number }).missingAt + 1))}").`);
          continue;
        }
      } else {
        if (rule.action === 'update' && !current.found) {
          this.problem(rule.source, `${r.kind} "${r.name}" has no property ${shown} (nothing at "${formatPath(segments.slice(0, current.missingAt + 1))}"): check the path, or prefix it with "+" (CSV) / use "add" to create the property.`);
          continue;
        }
        const value = this.value(rule.value!, current.found ? current.value : undefined, rule.action === 'add' && !current.found, rule.source, `${r.kind} "${r.name}" ${shown}`);
        if (value === NO_VALUE) continue;
        if (!setPath(json, segments, value, rule.action === 'add')) {
          this.problem(rule.source, `${r.kind} "${r.name}": ${shown} cannot be created (its parent is not an object, or an array index is out of range).`);
          continue;
        }
      }
      this.changes.push({ kind: r.kind, name: r.name, action: rule.action, path: shown, source: rule.source });
    }
  }

  /** The value to write. Text values convert like azure.datafactory.tools does: by the type they replace. */
  value(v: StageValue, existing: unknown, adding: boolean, source: StageSource, where: string): unknown {
    if ('json' in v) return this.expandAll(v.json, source);
    const text = this.expand(v.text, source);
    const asJson = (): unknown => {
      const t = text.trim();
      const arr = /^@\((.*)\)$/s.exec(t);
      if (arr) return arr[1].trim() ? arr[1].split(',').map((x) => scalar(x.trim().replace(/^(['"])(.*)\1$/, '$2'))) : [];
      try {
        return JSON.parse(t);
      } catch {
        // PowerShell's ConvertFrom-Json accepts single-quoted strings: {'type': 'int32'}.
        try {
          return JSON.parse(t.replace(/'((?:[^'\\]|\\.)*)'/g, (_m, s: string) => JSON.stringify(s.replace(/\\'/g, "'"))));
        } catch {
          return NO_VALUE;
        }
      }
    };
    if (adding || existing === undefined || existing === null) {
      if (/^\s*[[{]/.test(text) || /^\s*@\(/.test(text)) {
        const j = asJson();
        if (j === NO_VALUE) this.problem(source, `${where}: "${text}" looks like JSON but does not parse; fix the JSON (or quote it as text).`);
        return j;
      }
      return scalar(text);
    }
    if (typeof existing === 'string') return text;
    if (typeof existing === 'number') {
      const n = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(n)) {
        this.problem(source, `${where} is a number but the stage value "${text}" is not one.`);
        return NO_VALUE;
      }
      return n;
    }
    if (typeof existing === 'boolean') {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === '$true') return true;
      if (t === 'false' || t === '$false') return false;
      this.problem(source, `${where} is a boolean but the stage value "${text}" is not true or false.`);
      return NO_VALUE;
    }
    const j = asJson();
    if (j === NO_VALUE) this.problem(source, `${where} is ${Array.isArray(existing) ? 'an array' : 'an object'}; the stage value must be JSON (e.g. ${Array.isArray(existing) ? '"[1,2]" or "@(1,2)"' : `"{'type': 'int', 'value': 1}"`}), got "${text}".`);
    return j;
  }

  globalParameters(): void {
    for (const g of this.stage.globalParameters) {
      const holders: Record<string, unknown>[] = [];
      for (const r of this.factory.resources.factory.values()) {
        const j = this.json(r);
        if (j && isObj(j.properties) && isObj(j.properties.globalParameters)) holders.push(j.properties.globalParameters);
      }
      for (const r of this.factory.resources.globalParameters.values()) {
        const j = this.json(r);
        if (j) holders.push(isObj(j.properties) ? j.properties : j);
      }
      const value = this.expandAll(g.value, g.source);
      this.checkSecrets(g.name, value === g.value ? g.value : g.value, g.source, `global parameter "${g.name}"`);
      const holder = holders.find((h) => Object.keys(h).some((k) => k.toLowerCase() === g.name.toLowerCase()));
      if (!holder) {
        if (!g.type) {
          this.problem(g.source, `global parameter "${g.name}" is not declared in the factory: check the name, or declare it here with {"type": "String", "value": …}.`);
          continue;
        }
        const fac = [...this.factory.resources.factory.values()][0];
        const j = fac && this.json(fac);
        if (!j) {
          this.problem(g.source, `global parameter "${g.name}" cannot be added: the factory has no factory/*.json to hold it.`);
          continue;
        }
        const props = (isObj(j.properties) ? j.properties : (j.properties = {})) as Record<string, unknown>;
        const gps = (isObj(props.globalParameters) ? props.globalParameters : (props.globalParameters = {})) as Record<string, unknown>;
        gps[g.name] = { type: g.type, value };
      } else {
        const key = Object.keys(holder).find((k) => k.toLowerCase() === g.name.toLowerCase())!;
        const cur = holder[key];
        holder[key] = g.type ? { type: g.type, value } : { ...(isObj(cur) ? cur : {}), value };
      }
      this.changes.push({ kind: 'globalParameters', name: g.name, action: 'update', path: `globalParameters.${g.name}`, source: g.source });
    }
  }

  triggers(): void {
    for (const t of this.stage.triggers) {
      const targets = [...this.factory.resources.trigger.values()].filter((r) => wildcardMatch(t.name, r.name));
      if (!targets.length) {
        this.problem(t.source, `no trigger matches "${t.name}": check the name.`);
        continue;
      }
      for (const r of targets) {
        const j = this.json(r);
        if (!j || !isObj(j.properties)) {
          this.problem(t.source, `trigger "${r.name}" has no properties to change; fix ${r.file} first.`);
          continue;
        }
        const p = j.properties;
        const tp = isObj(p.typeProperties) ? p.typeProperties : undefined;
        if (t.runtimeState) {
          p.runtimeState = t.runtimeState;
          this.changes.push({ kind: 'trigger', name: r.name, action: 'update', path: 'properties.runtimeState', source: t.source });
        }
        const recurrence = tp && isObj(tp.recurrence) ? tp.recurrence : undefined;
        if (t.recurrence) {
          if (!recurrence) {
            this.problem(t.source, `trigger "${r.name}" (${String(p.type)}) has no recurrence; "recurrence" applies to schedule triggers.`);
            continue;
          }
          Object.assign(recurrence, this.expandAll(t.recurrence, t.source));
          this.changes.push({ kind: 'trigger', name: r.name, action: 'update', path: 'properties.typeProperties.recurrence', source: t.source });
        }
        for (const k of ['startTime', 'endTime'] as const) {
          if (t[k] === undefined) continue;
          const holder = recurrence ?? (p.type === 'TumblingWindowTrigger' ? tp : undefined);
          if (!holder) {
            this.problem(t.source, `trigger "${r.name}" (${String(p.type)}) has no ${k}: it applies to schedule and tumbling-window triggers.`);
            continue;
          }
          holder[k] = this.expand(t[k]!, t.source);
          this.changes.push({ kind: 'trigger', name: r.name, action: 'update', path: `${recurrence ? 'properties.typeProperties.recurrence' : 'properties.typeProperties'}.${k}`, source: t.source });
        }
      }
    }
  }

  result(): Factory {
    const resources = {} as Factory['resources'];
    for (const kind of Object.keys(this.factory.resources) as ResourceKind[]) {
      const m = new Map<string, Resource>();
      for (const [k, r] of this.factory.resources[kind]) {
        const j = this.edited.get(r);
        m.set(k, j ? resourceWithJson(r, j) : r);
      }
      resources[kind] = m;
    }
    return { ...this.factory, resources };
  }
}

const NO_VALUE = Symbol('no value');

function scalar(t: string): unknown {
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t.trim()) && t.trim().length < 16) return Number(t.trim());
  if (/^(true|\$true)$/i.test(t.trim())) return true;
  if (/^(false|\$false)$/i.test(t.trim())) return false;
  return t;
}

/**
 * Applies a stage. Throws StageError listing every problem (unmatched selections, missing paths, unset
 * variables, literal secrets, wrongly typed values); otherwise returns the staged factory and what changed.
 */
export function applyStage(factory: Factory, stage: Stage, opts: ApplyOptions = {}): AppliedStage {
  const a = new Applier(factory, stage, opts.env ?? process.env);
  for (const rule of stage.rules) a.rule(rule);
  a.globalParameters();
  a.triggers();
  if (a.problems.length) throw new StageError(`Stage "${stage.name}" cannot be applied to ${factory.root}: ${a.problems.length} problem(s).`, a.problems);
  return { factory: a.result(), stage, changes: a.changes };
}
