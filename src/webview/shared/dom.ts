/** Turns an element tree into DOM nodes: text via text nodes, attributes via setAttribute, styles via the CSSOM. */
import type { VChild } from '../../engine/report/vnode';

export function toDom(node: VChild): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const el = document.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (/^on/i.test(k)) continue;
    el.setAttribute(k, v);
  }
  if (node.style) for (const [k, v] of Object.entries(node.style)) el.style.setProperty(k, v);
  for (const c of node.children) el.appendChild(toDom(c));
  return el;
}
