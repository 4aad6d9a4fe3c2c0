/** Turns an element tree into DOM nodes: text via text nodes, attributes via setAttribute, styles via the CSSOM. */
import type { VChild } from '../../engine/report/vnode';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `svg` elements and everything inside them are created in the SVG namespace. */
export function toDom(node: VChild, inSvg = false): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const svg = inSvg || node.tag === 'svg';
  const el = svg ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (/^on/i.test(k) || (svg && k === 'xmlns')) continue;
    el.setAttribute(k, v);
  }
  if (node.style && 'style' in el) for (const [k, v] of Object.entries(node.style)) (el as HTMLElement | SVGElement).style.setProperty(k, v);
  for (const c of node.children) el.appendChild(toDom(c, svg));
  return el;
}
