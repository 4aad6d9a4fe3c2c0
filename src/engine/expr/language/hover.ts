/**
 * Hover inside expressions: a function's signature and documentation, the declared type (and default) of a
 * pipeline parameter or variable, the type of a referenced activity.
 */
import { parseTree } from 'jsonc-parser';
import type { Expr } from '../ast';
import { lookupFunction } from '../functions';
import { parseTemplate } from '../parser';
import { stringAt } from './jsonString';
import { PIPELINE_PROPERTIES, TRIGGER_PROPERTIES } from './completion';
import { resourceJson, scopeAt } from './scope';

export interface ExprHover {
  /** Markdown. */
  contents: string;
  /** File range the hover is about. */
  range: { offset: number; length: number };
}

interface Hit {
  start: number;
  end: number;
  markdown: string;
}

function findIn(e: Expr, pos: number, describe: (e: Expr) => Hit | undefined): Hit | undefined {
  if (pos < e.start || pos > e.end) return undefined;
  const children: Expr[] = e.kind === 'call' ? e.args : e.kind === 'member' ? [e.object] : e.kind === 'index' ? [e.object, e.index] : [];
  for (const c of children) {
    const h = findIn(c, pos, describe);
    if (h) return h;
  }
  return describe(e);
}

/** What a Fabric workspace resolves for the pipeline: its library variables' values under the active value set. */
export interface LibraryHoverContext {
  values: Record<string, unknown>;
  /** The active value set; undefined for the default values. */
  valueSet?: string;
}

/**
 * Hover at `offset` in `text`; `json` is the parsed resource (parsed from `text` when omitted); `library` adds the
 * values of `pipeline().libraryVariables.x` (Fabric workspaces).
 */
export function hoverExpression(text: string, offset: number, json?: unknown, library?: LibraryHoverContext): ExprHover | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const at = stringAt(text, offset, root);
  if (!at || at.isKey) return undefined;
  const parsed = parseTemplate(at.value);
  if (!parsed.template || parsed.template.kind === 'text') return undefined;
  const scope = scopeAt(resourceJson(text, json), at.path);
  const pos = at.toValue(offset);
  const exprs = parsed.template.kind === 'expression' ? [parsed.template.expr] : parsed.template.parts.filter((p): p is Expr => typeof p !== 'string');
  const describe = (e: Expr): Hit | undefined => {
    if (e.kind === 'call' && pos >= e.nameStart && pos <= e.nameEnd) {
      const f = lookupFunction(e.name);
      if (!f) return undefined;
      const items = f.name === 'item' && scope.forEachItems ? `\n\nItems of the enclosing ForEach: \`${scope.forEachItems}\`` : '';
      return { start: e.nameStart, end: e.nameEnd, markdown: `\`\`\`\n${f.signature}\n\`\`\`\n${f.doc}${items}` };
    }
    if (e.kind === 'string' && e.end > e.start) {
      return undefined;
    }
    if (e.kind === 'member' && pos >= e.nameStart) {
      const obj = e.object;
      const system = obj.kind === 'call' && obj.args.length === 0 ? ({ pipeline: PIPELINE_PROPERTIES, trigger: TRIGGER_PROPERTIES } as Record<string, [string, string][]>)[obj.name.toLowerCase()] : undefined;
      const known = system?.find(([n]) => n.toLowerCase() === e.name.toLowerCase());
      if (known) return { start: e.nameStart, end: e.end, markdown: `\`${(obj as Expr & { kind: 'call' }).name}().${known[0]}\`: ${known[1]}` };
      if (obj.kind === 'member' && obj.object.kind === 'call' && obj.object.name.toLowerCase() === 'pipeline' && obj.name.toLowerCase() === 'libraryvariables') {
        return { start: e.nameStart, end: e.end, markdown: libraryVariableHover(resourceJson(text, json), e.name, library) };
      }
      if (obj.kind === 'member' && obj.object.kind === 'call' && obj.object.name.toLowerCase() === 'pipeline' && obj.name.toLowerCase() === 'parameters') {
        const p = scope.parameters.find((x) => x.name.toLowerCase() === e.name.toLowerCase());
        const md = p ? `Pipeline parameter **${p.name}**: \`${p.type ?? 'untyped'}\`${p.defaultValue !== undefined ? `, default \`${JSON.stringify(p.defaultValue)}\`` : ''}` : `Pipeline parameter **${e.name}** is not declared.`;
        return { start: e.nameStart, end: e.end, markdown: md };
      }
    }
    return undefined;
  };
  for (const e of exprs) {
    // String arguments of variables('x') / activity('x').
    const hit = findIn(e, pos, (n) => {
      if (n.kind === 'call' && n.args[0]?.kind === 'string' && pos >= n.args[0].start && pos <= n.args[0].end) {
        const a = n.args[0];
        const name = a.value;
        const fn = n.name.toLowerCase();
        if (fn === 'variables') {
          const v = scope.variables.find((x) => x.name.toLowerCase() === name.toLowerCase());
          return { start: a.start, end: a.end, markdown: v ? `Variable **${v.name}**: \`${v.type ?? 'untyped'}\`${v.defaultValue !== undefined ? `, default \`${JSON.stringify(v.defaultValue)}\`` : ''}` : `Variable **${name}** is not declared.` };
        }
        if (fn === 'activity') {
          const act = scope.activities.find((x) => x.name.toLowerCase() === name.toLowerCase());
          return { start: a.start, end: a.end, markdown: act ? `Activity **${act.name}** (${act.type})` : `No activity named **${name}**.` };
        }
      }
      return describe(n);
    });
    if (hit) {
      const s = at.toFile(hit.start);
      return { contents: hit.markdown, range: { offset: s, length: at.toFile(hit.end) - s } };
    }
  }
  return undefined;
}

/** A library variable: the libraryVariables entry it reads and, when known, its value under the active value set. */
function libraryVariableHover(json: unknown, alias: string, library: LibraryHoverContext | undefined): string {
  const decl = (json as { properties?: { libraryVariables?: unknown } } | undefined)?.properties?.libraryVariables;
  const entries = decl && typeof decl === 'object' && !Array.isArray(decl) ? Object.entries(decl as Record<string, any>) : [];
  const found = entries.find(([k]) => k.toLowerCase() === alias.toLowerCase());
  if (!found) return `Library variable **${alias}** is not declared in this pipeline's libraryVariables.`;
  const [name, v] = found;
  const what = `Library variable **${name}**: \`${typeof v?.variableName === 'string' ? v.variableName : '?'}\` of library **${typeof v?.libraryName === 'string' ? v.libraryName : '?'}**${typeof v?.type === 'string' ? ` (\`${v.type}\`)` : ''}`;
  if (!library) return what;
  const key = Object.keys(library.values).find((k) => k.toLowerCase() === name.toLowerCase());
  const under = library.valueSet ? `value set ${library.valueSet}` : 'default values';
  return key === undefined ? `${what}\n\nNo value: the library or variable is not in this workspace.` : `${what}\n\nValue (${under}): \`${JSON.stringify(library.values[key])}\``;
}
