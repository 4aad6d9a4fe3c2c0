/**
 * `adfw docs` over the public factories of the corpus (read in place; location from ADFW_CORPUS, default
 * ../shared/corpus/adf): every factory that loads gives a site without a crash, one page per resource, an inline SVG
 * on every pipeline page with activities, every in-site link resolving to a page, and no script anywhere.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { discoverFactories, loadFactory, pipelineActivities } from '../../src/engine/model';
import { buildDocsSite, DOCS_KINDS } from '../../src/engine/docs';

const CORPUS = path.resolve(process.env.ADFW_CORPUS ?? path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'adf'));

test('docs over the corpus: no crash, a page per resource, an SVG per pipeline, links resolve, no script', async () => {
  assert.ok(existsSync(CORPUS), `The factory corpus is missing at ${CORPUS}. Set ADFW_CORPUS to its folder (npm run test:corpus).`);
  const refs = await discoverFactories(CORPUS);
  assert.ok(refs.length >= 20, `expected the corpus's factories under ${CORPUS}, found ${refs.length}`);
  let pages = 0;
  let pipelines = 0;
  for (const ref of refs) {
    const factory = await loadFactory(ref.root);
    const site = await buildDocsSite(factory);
    const files = new Set(site.pages.map((p) => p.file));
    assert.equal(site.pages.length, 1 + DOCS_KINDS.reduce((n, k) => n + factory.resources[k].size, 0), ref.root);
    for (const p of site.pages) {
      assert.ok(!/<script|<[a-z][^>]*\son[a-z]+=/i.test(p.html.replace(/="[^"]*"/g, '=""')), `${ref.root} ${p.file}: script in the page`);
      for (const m of p.html.matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(p.file), m[1]));
        assert.ok(files.has(target), `${ref.root} ${p.file}: link to ${m[1]} has no page`);
      }
      if (p.kind === 'pipeline') {
        pipelines++;
        const r = factory.resources.pipeline.get(p.name)!;
        if (pipelineActivities(r).length) assert.match(p.html, /<svg [^>]*class="graph"/, `${ref.root} ${p.file}: no graph`);
      }
    }
    pages += site.pages.length;
  }
  console.log(`docs over the corpus: ${refs.length} factories, ${pages} pages, ${pipelines} pipeline pages`);
});
