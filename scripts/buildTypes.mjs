/**
 * Type declarations of the testing library (`adf-workbench/testing`, bundled to dist/testing.js):
 * emits the declarations of src/engine/testing/index.ts, and of the project modules those declarations import
 * (transitively), into a temporary folder with the TypeScript compiler (declarations only), moves them to dist/types/, and writes
 * dist/testing.d.ts re-exporting the entry. package.json maps `./testing` to it (exports "types", typesVersions).
 *
 *   node scripts/buildTypes.mjs [--out <dir>]     (default: dist)
 *
 * Exits 1 with the compiler's messages when a declaration cannot be emitted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(root, 'src', 'engine', 'testing', 'index.ts');

/** The output folder from `--out <dir>` (relative to the current directory), else <root>/dist. */
function outDir(argv) {
  const i = argv.indexOf('--out');
  if (i < 0) return path.join(root, 'dist');
  if (!argv[i + 1]) throw new Error('--out needs a folder');
  return path.resolve(argv[i + 1]);
}

/** Compiler options from tsconfig.json, switched to declaration-only output under `declarationDir`. */
function compilerOptions(declarationDir) {
  const configFile = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile);
  return {
    ...parsed.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    declarationDir,
    rootDir: path.join(root, 'src'),
    // The library's consumers need node's types only (mocha is for the extension-host tests).
    types: ['node'],
    skipLibCheck: true,
    incremental: false,
    composite: false,
  };
}

/** Relative module specifiers a declaration file imports or re-exports (import/export ... from, import("...")). */
function importedModules(dts) {
  const out = new Set();
  for (const m of dts.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) out.add(m[1] ?? m[2] ?? m[3]);
  return out;
}

function format(diagnostics) {
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
}

/** Emits the declarations; returns the number of files written. */
export function buildTypes(out) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adfw-types-'));
  try {
    const program = ts.createProgram({ rootNames: [ENTRY], options: compilerOptions(tmp) });
    const problems = [...program.getOptionsDiagnostics()];
    // Only the modules the public declarations reach: emit the entry, then every project module its
    // declarations import, transitively (the checker only works on what these declarations need).
    const pending = [ENTRY];
    const done = new Set();
    while (pending.length) {
      const file = pending.pop();
      if (done.has(file)) continue;
      done.add(file);
      const sf = program.getSourceFile(file);
      if (!sf) throw new Error(`${path.relative(root, file)} is not part of the program.`);
      let text = '';
      const result = program.emit(sf, (name, data) => {
        if (name.endsWith('.d.ts')) text = data;
        ts.sys.writeFile(name, data);
      }, undefined, true);
      problems.push(...result.diagnostics);
      if (result.emitSkipped) problems.push(...ts.getPreEmitDiagnostics(program, sf));
      for (const spec of importedModules(text)) {
        const resolved = ts.resolveModuleName(spec, file, program.getCompilerOptions(), ts.sys).resolvedModule;
        if (resolved && !resolved.isExternalLibraryImport && resolved.resolvedFileName.endsWith('.ts') && !resolved.resolvedFileName.endsWith('.d.ts')) pending.push(path.resolve(resolved.resolvedFileName));
      }
    }
    if (problems.some((d) => d.category === ts.DiagnosticCategory.Error)) {
      throw new Error(`Declarations of ${path.relative(root, ENTRY)} could not be emitted:\n${format(problems)}`);
    }
    const entryDts = path.join(tmp, 'engine', 'testing', 'index.d.ts');
    if (!fs.existsSync(entryDts)) throw new Error(`The compiler wrote no ${path.relative(tmp, entryDts)}.`);
    // Replace dist/types as a whole (no stale declarations of removed modules), then point the entry at it.
    const target = path.join(out, 'types');
    fs.mkdirSync(out, { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(tmp, target, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'testing.d.ts'),
      '/** Type declarations of adf-workbench/testing (generated by scripts/buildTypes.mjs). */\nexport * from \'./types/engine/testing/index\';\n',
    );
    let files = 0;
    for (const e of fs.readdirSync(target, { recursive: true })) if (String(e).endsWith('.d.ts')) files++;
    return files;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  try {
    const out = outDir(process.argv.slice(2));
    const files = buildTypes(out);
    console.log(`types: ${path.relative(process.cwd(), path.join(out, 'testing.d.ts')) || 'testing.d.ts'} (${files} declaration files) in ${Date.now() - t0} ms`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
