/**
 * Linked templates as ADF's publish writes them (`linkedTemplates/`): the resources in dependency
 * generations (a resource comes in the first pass over the template's order after every resource it
 * depends on came in an earlier pass), cut into parts of at most 20 resources (ADF's part size) and
 * never more than ARM's limits allow (4 MB and 800 resources per template, 256 parameters); each part
 * `ArmTemplate_N.json` declares only the parameters its resources use, and its `dependsOn` name only resources
 * of the same part (ARM resolves them within one deployment; the parts deploy in order). `ArmTemplate_master.json`
 * deploys the parts in order (each depends on the previous one) from `containerUri` + `containerSasToken`,
 * and `ArmTemplateParameters_master.json` holds the values.
 */
import type { ArmExport, ArmResourceEntry, TemplateParameter } from './template';

/** ARM's documented limits for one template. */
export const ARM_LIMITS = { templateBytes: 4 * 1024 * 1024, resources: 800, parameters: 256 } as const;
/** Resources per linked template in ADF's publish output. */
export const ADF_PART_SIZE = 20;

export interface LinkedTemplates {
  /** File name → JSON content, e.g. `ArmTemplate_0.json`, `ArmTemplate_master.json`, `ArmTemplateParameters_master.json`. */
  files: Record<string, Record<string, unknown>>;
  /** Resource names (kind/name) per part. */
  parts: string[][];
}

/** Orders entries in dependency generations over their template order. */
export function generationOrder(entries: ArmResourceEntry[]): ArmResourceEntry[] {
  const present = new Set(entries.map((e) => `${e.kind}/${e.name}`.toLowerCase()));
  const done = new Set<string>();
  const out: ArmResourceEntry[] = [];
  let left = entries;
  while (left.length) {
    const before = new Set(done);
    const next: ArmResourceEntry[] = [];
    for (const e of left) {
      const ready = e.dependsOn.every((d) => !present.has(d.toLowerCase()) || before.has(d.toLowerCase()));
      if (ready) {
        out.push(e);
        done.add(`${e.kind}/${e.name}`.toLowerCase());
      } else next.push(e);
    }
    if (next.length === left.length) {
      // A dependency cycle: ARM would reject it too; keep the rest in template order so nothing is lost.
      out.push(...next);
      break;
    }
    left = next;
  }
  return out;
}

function bytes(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v, null, 4), 'utf8');
}

/** Splits an export into linked templates. `partSize` defaults to ADF's 20. */
export function buildLinkedTemplates(arm: ArmExport, opts: { partSize?: number; limits?: Partial<typeof ARM_LIMITS> } = {}): LinkedTemplates {
  const limits = { ...ARM_LIMITS, ...(opts.limits ?? {}) };
  const partSize = Math.max(1, Math.min(opts.partSize ?? ADF_PART_SIZE, limits.resources));
  const t = arm.template as { parameters: Record<string, TemplateParameter>; variables: Record<string, unknown>; $schema: string; contentVersion: string };
  const factoryName = String((t.parameters.factoryName as TemplateParameter).defaultValue ?? '');
  const partTemplate = (list: ArmResourceEntry[]) => {
    const used = new Set(list.flatMap((e) => e.parameters));
    const params = Object.fromEntries(Object.entries(t.parameters).filter(([k]) => k === 'factoryName' || used.has(k)));
    // ARM resolves dependsOn within one deployment only; the parts themselves run one after another.
    const inPart = new Set(list.map((e) => `${e.kind}/${e.name}`.toLowerCase()));
    const resources = list.map((e) => {
      const ids = (e.resource.dependsOn as string[]) ?? [];
      return { ...e.resource, dependsOn: ids.filter((_, i) => inPart.has(String(e.dependsOn[i]).toLowerCase())) };
    });
    return { $schema: t.$schema, contentVersion: t.contentVersion, parameters: params, variables: t.variables, resources };
  };
  const parts: ArmResourceEntry[][] = [];
  let current: ArmResourceEntry[] = [];
  // Sizes are estimated incrementally (each resource and parameter once, with the indentation it gets in the file)
  // and computed exactly only near the limit, so splitting stays linear in the factory's size.
  const indentedBytes = (v: unknown, depth: number) => {
    const text = JSON.stringify(v, null, 4);
    return Buffer.byteLength(text, 'utf8') + depth * 4 * (text.split('\n').length - 1) + depth * 4 + 2;
  };
  const baseBytes = bytes(partTemplate([]));
  let estimate = baseBytes;
  let params = new Set<string>(['factoryName']);
  const fits = (list: ArmResourceEntry[], est: number, paramCount: number) => {
    if (list.length > partSize || paramCount > limits.parameters) return false;
    if (est < limits.templateBytes * 0.9) return true;
    return bytes(partTemplate(list)) <= limits.templateBytes;
  };
  for (const e of generationOrder(arm.entries)) {
    const newParams = e.parameters.filter((k) => !params.has(k));
    const add = indentedBytes(e.resource, 2) + newParams.reduce((n, k) => n + indentedBytes(t.parameters[k], 2) + Buffer.byteLength(k) + 12, 0);
    if (current.length > 0 && !fits([...current, e], estimate + add, params.size + newParams.length)) {
      parts.push(current);
      current = [];
      estimate = baseBytes;
      params = new Set(['factoryName']);
    }
    const fresh = e.parameters.filter((k) => !params.has(k));
    estimate += indentedBytes(e.resource, 2) + fresh.reduce((n, k) => n + indentedBytes(t.parameters[k], 2) + Buffer.byteLength(k) + 12, 0);
    for (const k of fresh) params.add(k);
    current.push(e);
    if (current.length === 1 && bytes(partTemplate(current)) > limits.templateBytes) throw new Error(`The ${e.kind} "${e.name}" alone exceeds ARM's ${limits.templateBytes}-byte template limit; it cannot be deployed through a template.`);
  }
  if (current.length) parts.push(current);

  const files: Record<string, Record<string, unknown>> = {};
  parts.forEach((p, i) => (files[`ArmTemplate_${i}.json`] = partTemplate(p)));
  const masterParams: Record<string, TemplateParameter> = {
    ...t.parameters,
    containerUri: { type: 'string', metadata: 'URI to storage account containing linked ARM templates' },
    containerSasToken: { type: 'string', metadata: 'Sas token to storage account containing linked ARM templates' },
  };
  const deploymentName = (i: number) => `${factoryName}_ArmTemplate_${i}`;
  files['ArmTemplate_master.json'] = {
    $schema: t.$schema,
    contentVersion: t.contentVersion,
    parameters: masterParams,
    variables: t.variables,
    resources: parts.map((p, i) => {
      const part = files[`ArmTemplate_${i}.json`] as { parameters: Record<string, unknown> };
      return {
        name: deploymentName(i),
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2018-02-01',
        properties: {
          mode: 'incremental',
          templateLink: { uri: `[concat(parameters('containerUri'), '/ArmTemplate_${i}.json', parameters('containerSasToken'))]`, contentVersion: '1.0.0.0' },
          parameters: Object.fromEntries(Object.keys(part.parameters).map((k) => [k, { value: `[parameters('${k}')]` }])),
        },
        dependsOn: i === 0 ? [] : [`[resourceId('Microsoft.Resources/deployments', '${deploymentName(i - 1).replace(/'/g, "''")}')]`],
      };
    }),
  };
  const values = (arm.parameters as { parameters: Record<string, unknown> }).parameters;
  files['ArmTemplateParameters_master.json'] = {
    $schema: (arm.parameters as { $schema: string }).$schema,
    contentVersion: '1.0.0.0',
    parameters: { ...values, containerUri: { value: '' }, containerSasToken: { value: '' } },
  };
  return { files, parts: parts.map((p) => p.map((e) => `${e.kind}/${e.name}`)) };
}
