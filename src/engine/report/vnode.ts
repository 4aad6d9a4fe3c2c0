/**
 * A tiny element tree shared by the webview monitor (turned into DOM nodes with textContent/setAttribute)
 * and the static HTML report (serialised with every text and attribute escaped). Rendering code builds
 * these trees from run data; no code path ever turns data into markup.
 */

export interface VElement {
  tag: string;
  attrs: Record<string, string>;
  /** CSS properties set through the CSSOM in the webview and as a style attribute in the report. */
  style?: Record<string, string>;
  children: VChild[];
}
export type VChild = VElement | string;

const TAG = /^[a-z][a-z0-9-]*$/;
const ATTR = /^(?!on)[a-z][a-z0-9-]*$/i;

/** Builds an element. Attribute values that are undefined/false are dropped; `true` becomes an empty attribute. */
export function h(tag: string, attrs?: Record<string, string | number | boolean | undefined> | null, ...children: (VChild | VChild[] | undefined | null | false)[]): VElement {
  if (!TAG.test(tag)) throw new Error(`Invalid tag name: ${tag}`);
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === false) continue;
    if (!ATTR.test(k)) throw new Error(`Invalid attribute name: ${k}`);
    a[k] = v === true ? '' : String(v);
  }
  const kids: VChild[] = [];
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    kids.push(c);
  }
  return { tag, attrs: a, children: kids };
}

/** Same element with style properties. */
export function styled(el: VElement, style: Record<string, string>): VElement {
  el.style = { ...(el.style ?? {}), ...style };
  return el;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'wbr']);
const CSS_PROP = /^-{0,2}[a-z][a-z0-9-]*$/i;
const CSS_VALUE = /^[-#%.,()\w\s]*$/;

/** Serialises a tree to HTML; every text node and attribute value is escaped. */
export function toHtml(node: VChild): string {
  if (typeof node === 'string') return escapeHtml(node);
  let attrs = '';
  for (const [k, v] of Object.entries(node.attrs)) attrs += ` ${k}="${escapeHtml(v)}"`;
  if (node.style) {
    const css = Object.entries(node.style)
      .filter(([k, v]) => CSS_PROP.test(k) && CSS_VALUE.test(v))
      .map(([k, v]) => `${k}:${v}`)
      .join(';');
    if (css) attrs += ` style="${escapeHtml(css)}"`;
  }
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(toHtml).join('')}</${node.tag}>`;
}

/** Concatenated text of a tree (used by tests and for accessible labels). */
export function textOf(node: VChild): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}
