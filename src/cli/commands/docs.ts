/**
 * adfw docs <factoryDir> --out <dir> [--force] [--json]
 * A static documentation site of a factory: index.html, one page per pipeline (activity graph as inline SVG,
 * parameters, variables, triggers and parent pipelines, datasets read and written, activities) and one per other
 * resource (used by / uses). HTML and inline CSS only, no script.
 * Exit codes: 0 written, 1 the factory failed to load, 2 usage (including an output folder that is not empty and
 * holds no earlier documentation, without --force).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, printedHelp, UsageError, type Command } from '../args';
import { requireFactoryDir } from '../shared';
import { diagnosticLine, positionAll } from '../diagnostics';
import { loadFactory, RESOURCE_KINDS } from '../../engine/model';
import { buildDocsSite, DOCS_MANIFEST } from '../../engine/docs';

const USAGE = 'adfw docs <factoryDir> --out <dir> [--force] [--json]';
const HELP = `Usage: ${USAGE}

Writes a static documentation site of the factory into <dir>: index.html (resources by kind and folder) and a page
per resource (<kind>/<name>.html). Pipelines show their activity graph as SVG, parameters and variables, the
triggers and ExecutePipeline activities that start them, the datasets they read and write, and their activities.
No script: the pages read in any browser, offline.
  --out DIR  output folder; created when missing. A folder that is not empty must hold an earlier adfw docs output
             (${DOCS_MANIFEST}); its old pages are replaced and pages of deleted resources removed.
  --force    write into a non-empty folder that holds no earlier output (files there are kept or overwritten)
  --json     {"out":dir,"pages":[{"kind","name","file"}],"warnings":[...]} (file relative to dir)
Exit: 0 written, 1 the factory failed to load, 2 usage.`;

interface Manifest {
  generator: 'adfw docs';
  factory: string;
  pages: { kind: string; name: string; file: string }[];
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await fs.readFile(path.join(dir, DOCS_MANIFEST), 'utf8'));
    return m && m.generator === 'adfw docs' && Array.isArray(m.pages) ? (m as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** A page path of a manifest, only when it stays inside the output folder and names an HTML file. */
function insideOut(out: string, file: unknown): string | undefined {
  if (typeof file !== 'string' || !file.endsWith('.html')) return undefined;
  const abs = path.resolve(out, file);
  return abs.startsWith(out + path.sep) ? abs : undefined;
}

const command: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  if (printedHelp(values, io, HELP)) return 0;
  if (positionals.length !== 1) throw new UsageError(`expected exactly one <factoryDir>.\nUsage: ${USAGE}`);
  if (!values.out) throw new UsageError(`--out <dir> is required.\nUsage: ${USAGE}`);
  const dir = positionals[0];
  const out = path.resolve(values.out);
  await requireFactoryDir(dir);

  // The output folder: missing, empty, an earlier output, or refused (unless --force).
  const stat = await fs.stat(out).catch(() => undefined);
  if (stat && !stat.isDirectory()) throw new UsageError(`--out ${values.out} is a file; give a folder.`);
  const entries = stat ? await fs.readdir(out) : [];
  const previous = entries.length ? await readManifest(out) : undefined;
  if (entries.length && !previous && !values.force)
    throw new UsageError(`--out ${values.out} is not empty and holds no earlier adfw docs output (${DOCS_MANIFEST}); choose an empty folder, or add --force to write into it.`);

  const factory = await loadFactory(dir);
  const kinds = await Promise.all(RESOURCE_KINDS.map((k) => fs.stat(path.join(factory.root, k)).then((s) => s.isDirectory(), () => false)));
  if (!kinds.some(Boolean)) {
    io.err(`adfw docs: ${dir} holds no factory folders (${RESOURCE_KINDS.slice(0, 5).join('/, ')}/, …); give the factory's root folder.`);
    return 1;
  }
  const errors = factory.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    io.err(`adfw docs: the factory at ${dir} failed to load (${errors.length} error${errors.length > 1 ? 's' : ''}); nothing written:`);
    for (const d of await positionAll([factory], errors)) io.err(diagnosticLine(d));
    return 1;
  }

  const site = await buildDocsSite(factory);
  // Pages of the earlier output that this run does not write again (deleted or renamed resources) are removed.
  const written = new Set(site.pages.map((p) => path.resolve(out, p.file)));
  for (const p of previous?.pages ?? []) {
    const abs = insideOut(out, p.file);
    if (abs && !written.has(abs)) await fs.rm(abs, { force: true });
  }
  for (const p of site.pages) {
    const abs = path.resolve(out, p.file);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, p.html);
  }
  const pages = site.pages.map((p) => ({ kind: p.kind, name: p.name, file: p.file }));
  const manifest: Manifest = { generator: 'adfw docs', factory: factory.name, pages };
  await fs.writeFile(path.join(out, DOCS_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  // Folders the removed pages leave empty go too.
  for (const k of previous ? RESOURCE_KINDS : []) {
    const sub = path.join(out, k);
    const left = await fs.readdir(sub).catch(() => undefined);
    if (left && !left.length) await fs.rmdir(sub).catch(() => undefined);
  }

  if (values.json) {
    io.out(JSON.stringify({ out, pages, warnings: site.warnings }));
    return 0;
  }
  for (const w of site.warnings) io.err(`warning: ${w}`);
  io.out(`Wrote ${pages.length} page${pages.length === 1 ? '' : 's'} of ${factory.name} to ${path.relative(process.cwd(), out) || '.'} (open ${path.join(path.relative(process.cwd(), out), 'index.html')}).`);
  return 0;
};

export default command;
