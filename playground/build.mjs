/**
 * Builds and serves the playground: the page's two scripts (main.ts and the module worker) are
 * bundled from the TypeScript sources by esbuild, and the digits CSV is served next to them.
 *
 *   import { startPlayground } from './playground/build.mjs';
 *   const { url, close } = await startPlayground({ port: 5173 });
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundle } from '../tools/browser/bundle.mjs';
import { serve } from '../tools/browser/serve.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The generated files, by URL path. */
export async function playgroundRoutes({ minify = false } = {}) {
  const [main, worker] = await Promise.all([
    bundle(here('./src/main.ts'), { minify }),
    bundle(here('./src/worker.ts'), { minify }),
  ]);
  return {
    '/main.js': main,
    '/worker.js': worker,
    '/data/digits.csv.gz': readFileSync(here('../examples/digits/data/digits.csv.gz')),
  };
}

/**
 * Serves the page cross-origin isolated (so the wasm backend may use threads) on 127.0.0.1.
 * @param {{ port?: number, minify?: boolean }} [opts]
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startPlayground({ port = 0, minify = false } = {}) {
  const routes = await playgroundRoutes({ minify });
  return serve({ root: here('./public'), isolated: true, routes, port });
}
