/**
 * RunFilterParameters as the REST API applies them to pipeline and activity runs: time window on
 * lastUpdated (pipeline runs) or activityRunStart (activity runs), operand filters, ordering and
 * continuation tokens.
 */
export interface RunQueryFilter {
  operand: string;
  operator: 'Equals' | 'NotEquals' | 'In' | 'NotIn' | string;
  values: string[];
}
export interface RunFilterParameters {
  continuationToken?: string;
  lastUpdatedAfter?: string;
  lastUpdatedBefore?: string;
  filters?: RunQueryFilter[];
  orderBy?: { orderBy: string; order: 'ASC' | 'DESC' | string }[];
}

export class QueryError extends Error {}

const PIPELINE_OPERANDS: Record<string, (r: any) => unknown> = {
  pipelinename: (r) => r.pipelineName,
  status: (r) => r.status,
  runstart: (r) => r.runStart,
  runend: (r) => r.runEnd,
  rungroupid: (r) => r.runGroupId,
  runid: (r) => r.runId,
  triggername: (r) => r.invokedBy?.name,
  triggerruntimestamp: (r) => r.runStart,
  latestonly: (r) => String(r.isLatest),
};
const ACTIVITY_OPERANDS: Record<string, (r: any) => unknown> = {
  activityname: (r) => r.activityName,
  activitytype: (r) => r.activityType,
  status: (r) => r.status,
  activityrunstart: (r) => r.activityRunStart,
  activityrunend: (r) => r.activityRunEnd,
};

function decodeToken(token: string | undefined): number {
  if (!token) return 0;
  const n = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isInteger(n) || n < 0) throw new QueryError(`Invalid continuation token "${token}".`);
  return n;
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function checkTime(name: string, v: string | undefined, required: boolean): number | undefined {
  if (v === undefined || v === null) {
    if (required) throw new QueryError(`The request is missing the required parameter '${name}'.`);
    return undefined;
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new QueryError(`'${name}' is not a valid date-time: "${v}".`);
  return t;
}

/** Filters, orders and pages `items`; `timeOf` gives the value the time window applies to. */
export function queryRuns<T>(items: T[], params: RunFilterParameters, kind: 'pipeline' | 'activity', timeOf: (item: T) => string | undefined, pageSize: number): { value: T[]; continuationToken?: string } {
  const after = checkTime('lastUpdatedAfter', params.lastUpdatedAfter, true)!;
  const before = checkTime('lastUpdatedBefore', params.lastUpdatedBefore, true)!;
  const operands = kind === 'pipeline' ? PIPELINE_OPERANDS : ACTIVITY_OPERANDS;
  let rows = items.filter((it) => {
    const t = Date.parse(timeOf(it) ?? '');
    return !Number.isNaN(t) && t >= after && t <= before;
  });
  for (const f of params.filters ?? []) {
    const get = operands[String(f.operand).toLowerCase()];
    if (!get) throw new QueryError(`Unsupported filter operand '${f.operand}'. Supported: ${Object.keys(operands).join(', ')}.`);
    const values = (f.values ?? []).map((v) => String(v).toLowerCase());
    const op = String(f.operator).toLowerCase();
    if (!['equals', 'notequals', 'in', 'notin'].includes(op)) throw new QueryError(`Unsupported filter operator '${f.operator}'.`);
    if ((op === 'equals' || op === 'notequals') && values.length !== 1) throw new QueryError(`Operator '${f.operator}' takes exactly one value.`);
    const neg = op === 'notequals' || op === 'notin';
    rows = rows.filter((r) => values.includes(String(get(r) ?? '').toLowerCase()) !== neg);
  }
  const order = params.orderBy ?? [];
  if (order.length) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        const get = operands[String(o.orderBy).toLowerCase()];
        if (!get) throw new QueryError(`Unsupported orderBy '${o.orderBy}'.`);
        const x = String(get(a) ?? '');
        const y = String(get(b) ?? '');
        const c = x < y ? -1 : x > y ? 1 : 0;
        if (c) return String(o.order).toUpperCase() === 'DESC' ? -c : c;
      }
      return 0;
    });
  }
  const start = decodeToken(params.continuationToken);
  const value = rows.slice(start, start + pageSize);
  return start + pageSize < rows.length ? { value, continuationToken: encodeToken(start + pageSize) } : { value };
}
