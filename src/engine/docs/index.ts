/** Factory documentation (`adfw docs`): a static site of the factory's resources, pipeline graphs as inline SVG. */
export { buildDocsSite, pageFile, pageSlug, DOCS_KINDS, DOCS_MANIFEST, type DocsPage, type DocsSite } from './site';
export { DOCS_CSS } from './styles';
