/**
 * adfw demo [--docs N] [--out DIR] [--json]
 * The reference scenario end to end on this machine: starts an embedded Cosmos DB, fills the `orders` container
 * with realistic documents, and runs the sample factory's pipelines through the local engine:
 *   1. CopyOrdersInsert        → Succeeded (every order copied)
 *   2. CopyOrdersInsert again  → Failed with Cosmos DB's 409 (ids exist), nothing duplicated
 *   3. CopyOrdersSkipExisting  → Succeeded, every row skipped and logged
 *   4. CopyOrdersUpsert        → Succeeded, every order replaced
 * Prints a summary table and writes a static HTML report. Exit 0 when every step behaved as expected, 1 if not.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type CliIo, type Command } from '../args';
import { loadFactory } from '../../engine/model';
import { runPipeline, type RunResult } from '../../engine/run';
import { createDataServices, startLocalCosmos } from '../../engine/copy';
import { renderRunReport } from '../../engine/report';

const USAGE = 'adfw demo [--docs N] [--out DIR] [--json]';

/** Finds samples/cosmos-copy next to the CLI (dist/) or the sources (src/cli/commands/). */
function samplesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'samples', 'cosmos-copy');
    if (existsSync(path.join(candidate, 'pipeline'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new UsageError('the sample factory samples/cosmos-copy was not found next to the CLI.');
}

const FIRST = ['Ana', 'Bruno', 'Chiara', 'Dawit', 'Elif', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemi', 'Luca', 'Maya', 'Nils', 'Oona', 'Priya'];
const LAST = ['Silva', 'Novak', 'Okafor', 'Tanaka', 'Moreau', 'Kowalski', 'Haddad', 'Larsen', 'Costa', 'Ibrahim', 'Schmidt', 'Rossi'];
const CITIES = [
  ['Lisbon', 'PT'],
  ['Oslo', 'NO'],
  ['Nairobi', 'KE'],
  ['Osaka', 'JP'],
  ['Lyon', 'FR'],
  ['Kraków', 'PL'],
  ['Toronto', 'CA'],
  ['Porto Alegre', 'BR'],
];
const PRODUCTS = [
  ['SKU-1001', 'Espresso beans 1 kg', 24.9],
  ['SKU-1002', 'Ceramic pour-over', 31.5],
  ['SKU-2040', 'Oat milk 6-pack', 11.4],
  ['SKU-3100', 'Burr grinder', 129.0],
  ['SKU-3301', 'Travel mug', 18.75],
  ['SKU-4420', 'Paper filters (200)', 6.2],
] as const;
const STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'returned'];

/** Deterministic, realistic retail orders (same input → same documents). */
export function demoOrders(n: number): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const c = (i * 7919) % 2000;
    const [city, country] = CITIES[c % CITIES.length];
    const lineCount = 1 + (i % 3);
    const lines = Array.from({ length: lineCount }, (_, k) => {
      const [sku, name, price] = PRODUCTS[(i + k * 5) % PRODUCTS.length];
      return { sku, name, quantity: 1 + ((i + k) % 4), unitPrice: price };
    });
    const total = Math.round(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100;
    docs.push({
      id: `ORD-2025-${String(i + 1).padStart(6, '0')}`,
      customerId: `CUST-${String(c).padStart(5, '0')}`,
      customer: { name: `${FIRST[c % FIRST.length]} ${LAST[c % LAST.length]}`, city, country },
      status: STATUSES[i % STATUSES.length],
      placedAt: new Date(Date.UTC(2025, 0, 1) + i * 97_000).toISOString(),
      currency: 'EUR',
      lines,
      total,
    });
  }
  return docs;
}

interface Step {
  label: string;
  pipeline: string;
  expect: (r: RunResult) => string | undefined;
}

function copyOutputOf(r: RunResult): Record<string, any> {
  const a = r.activityRuns.find((x) => x.activityType === 'Copy');
  return ((a?.output ?? (a?.error as { details?: unknown } | null)?.details) ?? {}) as Record<string, any>;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

const command: Command = async (argv, io: CliIo) => {
  const { values } = parse(argv, { docs: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, `Usage: ${USAGE}`)) return 0;
  const docsCount = values.docs === undefined ? 20_000 : Number(values.docs);
  if (!Number.isInteger(docsCount) || docsCount < 1 || docsCount > 1_000_000) throw new UsageError(`--docs expects a whole number between 1 and 1000000, got "${values.docs}".\nUsage: ${USAGE}`);
  const outDir = path.resolve(values.out ?? path.join('.adfw', 'demo'));
  await fs.rm(path.join(outDir, 'copy-logs'), { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });
  const say = (t: string) => {
    if (!values.json) io.out(t);
  };

  const factory = await loadFactory(samplesDir());
  say(`Starting the embedded Cosmos DB…`);
  const cosmos = await startLocalCosmos();
  const services = createDataServices({ localCosmos: 'never' });
  const { CosmosClient, BulkOperationType } = await import('@azure/cosmos');
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true }); // loopback only: the embedded server
  const client = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, agent, connectionPolicy: { enableEndpointDiscovery: false } });
  const runs: RunResult[] = [];
  const problems: string[] = [];
  try {
    const { database } = await client.databases.createIfNotExists({ id: 'retail' });
    const { container: orders } = await database.containers.createIfNotExists({ id: 'orders', partitionKey: { paths: ['/customerId'] } });
    await database.containers.createIfNotExists({ id: 'ordersArchive', partitionKey: { paths: ['/customerId'] } });
    say(`Cosmos DB at ${cosmos.endpoint}: filling retail/orders with ${docsCount.toLocaleString('en-US')} orders…`);
    const docs = demoOrders(docsCount);
    const batches: Promise<unknown>[] = [];
    for (let i = 0; i < docs.length; i += 100) {
      batches.push(orders.items.bulk(docs.slice(i, i + 100).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d as Record<string, string> }))));
      if (batches.length >= 6) await Promise.all(batches.splice(0));
    }
    await Promise.all(batches);

    const connections = {
      CosmosDbRetail: { connectionString: `AccountEndpoint=${cosmos.endpoint}/;AccountKey=${cosmos.key};Database=retail` },
      CopyLogFiles: { host: path.join(outDir, 'copy-logs') },
    };
    const n = docsCount;
    const steps: Step[] = [
      {
        label: '1. insert into an empty archive',
        pipeline: 'CopyOrdersInsert',
        expect: (r) => (r.pipelineRun.status === 'Succeeded' && copyOutputOf(r).rowsCopied === n ? undefined : `expected Succeeded with ${n} rows copied`),
      },
      {
        label: '2. insert again (ids exist)',
        pipeline: 'CopyOrdersInsert',
        expect: (r) => {
          const err = r.activityRuns.find((a) => a.activityType === 'Copy')?.error;
          return r.pipelineRun.status === 'Failed' && /already exists/.test(err?.message ?? '') ? undefined : 'expected Failed with the 409 "already exists" error';
        },
      },
      {
        label: '3. insert with fault tolerance',
        pipeline: 'CopyOrdersSkipExisting',
        expect: (r) => {
          const o = copyOutputOf(r);
          return r.pipelineRun.status === 'Succeeded' && o.rowsSkipped === n && o.rowsCopied === 0 && o.logFilePath ? undefined : `expected Succeeded with ${n} rows skipped and logged`;
        },
      },
      {
        label: '4. upsert',
        pipeline: 'CopyOrdersUpsert',
        expect: (r) => (r.pipelineRun.status === 'Succeeded' && copyOutputOf(r).rowsCopied === n ? undefined : `expected Succeeded with ${n} rows copied`),
      },
    ];
    for (const step of steps) {
      say(`\n${step.label}: ${step.pipeline}`);
      const r = await runPipeline({ factory, pipelineName: step.pipeline, connections, dataServices: services, workDir: path.join(outDir, 'work') });
      runs.push(r);
      const copy = r.activityRuns.find((a) => a.activityType === 'Copy');
      const o = copyOutputOf(r);
      say(`   ${r.pipelineRun.status}: rowsRead ${o.rowsRead ?? 0}, rowsCopied ${o.rowsCopied ?? 0}${o.rowsSkipped !== undefined ? `, rowsSkipped ${o.rowsSkipped}` : ''}`);
      if (copy?.error) say(`   error ${copy.error.errorCode}: ${copy.error.message}`);
      if (o.logFilePath) say(`   skipped rows logged to ${path.join(outDir, 'copy-logs', o.logFilePath)}`);
      const problem = step.expect(r);
      if (problem) problems.push(`${step.label}: ${problem} (got ${r.pipelineRun.status})`);
    }
    const { resources } = await database.container('ordersArchive').items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    const archived = Number(resources[0]);
    if (archived !== n) problems.push(`the archive holds ${archived} orders, expected exactly ${n}`);
  } finally {
    await services.dispose();
    client.dispose();
    agent.destroy();
    await cosmos.stop();
  }

  const rows = runs.map((r, i) => {
    const o = copyOutputOf(r);
    const ms = r.pipelineRun.durationInMs ?? 0;
    const copyRun = r.activityRuns.find((a) => a.activityType === 'Copy');
    const copyMs = copyRun?.durationInMs ?? ms;
    const moved = (o.rowsCopied ?? 0) + (o.rowsSkipped ?? 0);
    return {
      step: i + 1,
      pipeline: r.pipelineRun.pipelineName,
      status: r.pipelineRun.status,
      rowsRead: o.rowsRead ?? 0,
      rowsCopied: o.rowsCopied ?? 0,
      rowsSkipped: o.rowsSkipped ?? null,
      durationMs: copyMs,
      docsPerSecond: copyMs > 0 ? Math.round((moved / copyMs) * 1000) : 0,
    };
  });
  const reportFile = path.join(outDir, 'report.html');
  await fs.writeFile(reportFile, renderRunReport(runs, { title: 'ADF Workbench demo: Cosmos DB container copy' }));
  if (values.json) {
    io.out(JSON.stringify({ ok: problems.length === 0, docs: docsCount, runs: rows, report: reportFile, problems }));
  } else {
    const head = `${pad('#', 2)} ${pad('pipeline', 24)} ${pad('status', 10)} ${pad('rowsRead', 9, true)} ${pad('rowsCopied', 11, true)} ${pad('rowsSkipped', 12, true)} ${pad('seconds', 8, true)} ${pad('docs/s', 8, true)}`;
    io.out(`\nSummary\n${head}\n${'-'.repeat(head.length)}`);
    for (const r of rows) {
      io.out(`${pad(String(r.step), 2)} ${pad(r.pipeline, 24)} ${pad(r.status, 10)} ${pad(String(r.rowsRead), 9, true)} ${pad(String(r.rowsCopied), 11, true)} ${pad(r.rowsSkipped === null ? '-' : String(r.rowsSkipped), 12, true)} ${pad((r.durationMs / 1000).toFixed(1), 8, true)} ${pad(String(r.docsPerSecond), 8, true)}`);
    }
    io.out(`\nReport: ${reportFile}`);
    if (problems.length) io.err(`\nThe demo did not behave as expected:\n  ${problems.join('\n  ')}`);
    else io.out('The demo behaved as expected: insert, 409 on re-insert, skip-and-log with fault tolerance, upsert.');
  }
  return problems.length ? 1 : 0;
};
export default command;
