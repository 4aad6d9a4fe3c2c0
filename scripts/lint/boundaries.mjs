// ESLint rule `adfw/boundaries`: the layers of the source tree (README, "Layout").
//
//   src/engine/**            pure Node: never imports `vscode` nor anything under src/cli, src/vscode, src/webview.
//   src/engine/<area>/...    reaches another area only through that area's entry point `src/engine/<area>/index.ts`;
//                            modules directly under src/engine (the engine-level contracts) are open to everyone.
//   src/cli, src/vscode,     reach the engine only through those same entry points and engine-level modules.
//   src/webview
//
// Type-only imports (`import type`, `export type`, `import { type A }` with every specifier a type, `typeof import()`)
// erase at build time and may go anywhere inside the engine or from the outer layers into it; they never reach a
// bundle, so they cannot duplicate a chunk's module. A deliberate exception is an `eslint-disable-next-line
// adfw/boundaries -- reason` comment on the import.
//
// Checked forms: static imports, `export ... from`, `import()` and `require()` with a literal path (lazy loading
// must go through entry points too: it is exactly where a bypass would bundle a chunk's module twice).
// Why a rule of our own: import-x/no-restricted-paths also flags type-only imports, and no-restricted-imports
// matches the import string (which depends on the importer's depth) and skips import()/require().
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

const OUTER = ['cli', 'vscode', 'webview'];

/** Resolves a relative specifier the way the bundler does for our sources (.ts, folder index, plain .js). */
function resolveRelative(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [base + '.ts', base + '.tsx', base + '.d.ts', path.join(base, 'index.ts'), base + '.js', base];
  for (const c of candidates) {
    try {
      if (existsSync(c) && statSync(c).isFile()) return c;
    } catch {
      /* unreadable: try the next */
    }
  }
  // Unresolved (e.g. a file being written): judge by the path as written, as a module file.
  return base.endsWith('.ts') ? base : base + '.ts';
}

/** Where a file sits: { layer: 'engine'|'cli'|'vscode'|'webview'|undefined, area?: string, rest: string[] }. */
function locate(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { layer: undefined, rest: [] };
  const parts = rel.split(path.sep);
  if (parts[0] === 'engine') {
    if (parts.length === 2) return { layer: 'engine', area: undefined, rest: parts.slice(1) }; // engine-level module
    return { layer: 'engine', area: parts[1], rest: parts.slice(2) };
  }
  if (OUTER.includes(parts[0])) return { layer: parts[0], rest: parts.slice(1) };
  return { layer: undefined, rest: parts };
}

const isEntry = (loc) => loc.area !== undefined && loc.rest.length === 1 && /^index\.(ts|tsx|js)$/.test(loc.rest[0]);

function typeOnly(node) {
  if (node.type === 'ImportDeclaration') {
    if (node.importKind === 'type') return true;
    return node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type');
  }
  if (node.type === 'ExportNamedDeclaration') {
    if (node.exportKind === 'type') return true;
    return node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type');
  }
  if (node.type === 'ExportAllDeclaration') return node.exportKind === 'type';
  if (node.type === 'TSImportEqualsDeclaration') return node.importKind === 'type';
  return false;
}

/** @type {import('eslint').Rule.RuleModule} */
export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Engine purity and entry-point-only access between engine areas and from the outer layers.' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, additionalProperties: false }],
    messages: {
      engineVscode: "The engine is pure Node and never imports 'vscode'; take what you need as a parameter from src/vscode.",
      engineOuter: 'The engine never imports from src/{{layer}} (it is shared by the CLI, the extension and the webviews).',
      areaInternal:
        "'{{spec}}' reaches into engine area '{{area}}' past its entry point: import from src/engine/{{area}}/index.ts (export the name there), or use `import type` for types.",
    },
  },
  create(context) {
    const filename = context.physicalFilename ?? context.filename;
    const srcRoot = path.resolve(context.options[0]?.srcRoot ?? path.join(context.cwd ?? process.cwd(), 'src'));
    const from = locate(filename, srcRoot);
    if (!from.layer) return {};

    function check(node, sourceNode, isTypeOnly) {
      if (!sourceNode || sourceNode.type !== 'Literal' || typeof sourceNode.value !== 'string') return;
      const spec = sourceNode.value;
      if (from.layer === 'engine' && (spec === 'vscode' || spec.startsWith('vscode/'))) {
        context.report({ node: sourceNode, messageId: 'engineVscode' });
        return;
      }
      if (!spec.startsWith('.')) return;
      const to = locate(resolveRelative(filename, spec), srcRoot);
      if (from.layer === 'engine' && to.layer && to.layer !== 'engine') {
        context.report({ node: sourceNode, messageId: 'engineOuter', data: { layer: to.layer } });
        return;
      }
      if (isTypeOnly || to.layer !== 'engine' || to.area === undefined || isEntry(to)) return;
      if (from.layer === 'engine' && from.area === to.area) return;
      context.report({ node: sourceNode, messageId: 'areaInternal', data: { spec, area: to.area } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, typeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, typeOnly(node)),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression, typeOnly(node)),
      ImportExpression: (node) => check(node, node.source, false),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node, node.arguments[0], false);
      },
    };
  },
};

export default { meta: { name: 'adfw' }, rules: { boundaries } };
