/**
 * Runs a TypeScript entry in headless Chromium and returns what the page reports.
 *
 *   import { runInPage } from './tools/browser/run-page.mjs';
 *   const { result, consoleErrors } = await runInPage({ entry: 'packages/x/test/browser/page.ts',
 *     isolated: true, params: { backend: 'wasm' } });
 *   // page.ts: const { backend } = window.__params; ...; window.__done({ passed: 12 });
 *
 * The entry is bundled (bundle.mjs), served on a blank page from 127.0.0.1 (serve.mjs; COOP/COEP
 * when `isolated`), and loaded in Chromium (chromium.mjs). Resolves with `{ result, consoleErrors,
 * console }` once the page calls `window.__done(result)` (result must be JSON); rejects with the
 * page's error if it throws (or an unhandled rejection), or after `timeoutMs`. From jest (which
 * cannot import ES modules) use `runInPageFromJest` in ./jest.ts, which runs this in a child.
 */
import { readFile } from 'node:fs/promises';
import { bundle } from './bundle.mjs';
import { launchChromium } from './chromium.mjs';
import { serve } from './serve.mjs';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>torchlet test page</title></head>
<body><script type="module" src="/entry.js"></script></body></html>`;

/**
 * @typedef {{ result: unknown, consoleErrors: string[], console: string[] }} PageRun
 * @param {{ entry: string, isolated?: boolean, webgpu?: boolean, timeoutMs?: number,
 *   params?: unknown, minify?: boolean, screenshot?: string, files?: Record<string, string>,
 *   onPage?: (page: import('playwright-core').Page) => void | Promise<void> }} opts
 *   `params` is exposed to the page as `window.__params`; `files` maps URL paths to files served
 *   beside the page (e.g. `{ '/torchlet.js': 'packages/torchlet/dist/browser/torchlet.js' }`, for
 *   the entry to `import(url)` at run time); after `__done`, `screenshot` (a .png path) is taken
 *   and `onPage` runs.
 * @returns {Promise<PageRun>}
 */
export async function runInPage({ entry, isolated = false, webgpu = false, timeoutMs = 60_000, params = null, minify = false, screenshot, files = {}, onPage }) {
  const code = await bundle(entry, { minify, sourcemap: 'inline' });
  /** @type {Record<string, Buffer | string>} */
  const extra = {};
  for (const [url, file] of Object.entries(files)) extra[url] = await readFile(file);
  const server = await serve({ isolated, routes: { ...extra, '/': PAGE, '/index.html': PAGE, '/entry.js': code, '/favicon.ico': '' } });
  const browser = await launchChromium({ webgpu });
  /** @type {string[]} */
  const consoleErrors = [];
  /** @type {string[]} */
  const lines = [];
  let timer;
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      const text = `${m.type()}: ${m.text()}`;
      lines.push(text);
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    /** @type {(r: unknown) => void} */
    let finish = () => {};
    const done = new Promise((resolve, reject) => {
      finish = resolve;
      page.on('pageerror', (e) => reject(new Error(`page error: ${e.stack ?? e.message}`)));
      page.on('crash', () => reject(new Error('the page crashed')));
      timer = setTimeout(() => reject(new Error(`runInPage: no window.__done(...) within ${timeoutMs} ms (${entry})\n${lines.slice(-20).join('\n')}`)), timeoutMs);
    });
    done.catch(() => {}); // handled below; an error during goto must not be an unhandled rejection
    await page.exposeFunction('__done', (/** @type {unknown} */ r) => finish(r));
    await page.addInitScript((p) => { /** @type {any} */ (window).__params = p; }, params);
    // 'commit', not 'load': a page that computes in its first task delays its load event, and
    // the page's own deadline (timeoutMs) is the one that counts
    await page.goto(`${server.url}/index.html`, { waitUntil: 'commit', timeout: timeoutMs });
    const result = await done;
    if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
    if (onPage) await onPage(page);
    return { result, consoleErrors, console: lines };
  } finally {
    clearTimeout(timer);
    await browser.close();
    await server.close();
  }
}
