/**
 * Graph layout with ELK (layered, nested containers): pure, no DOM and no Node APIs, so the graph webview and the
 * static documentation (`adfw docs`) place graphs with the same code. An area of its own so the extension, which
 * imports graph/ for its models, never bundles ELK.
 */
export * from './layout';
