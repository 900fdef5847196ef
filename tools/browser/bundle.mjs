/**
 * Bundles a TypeScript entry and everything it imports into one browser ES module (esbuild),
 * straight from the workspace sources (the `torchlet-source` export condition), no build needed.
 *
 *   import { bundle } from './tools/browser/bundle.mjs';
 *   const js = await bundle('packages/core/test/browser/conformance-page.ts');
 *   const server = await serve({ routes: { '/page.js': js } });
 *   await bundle('packages/torchlet/src/index.ts', { minify: true, write: 'dist/torchlet.js' });
 *
 * Options beyond the two documented: `sourcemap` ('inline' | 'external' | false; 'external'
 * needs `write` and writes `<write>.map`), `platform` ('browser' by default; 'neutral' resolves no
 * Node builtins and no browser fields, so any `node:*` or `fs` import is a build error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * @param {string} entry path of the entry module (relative to the working directory or absolute)
 * @param {{ minify?: boolean, write?: string, sourcemap?: 'inline' | 'external' | false,
 *   platform?: 'browser' | 'neutral', define?: Record<string, string> }} [opts]
 * @returns {Promise<string>} the ES module's text (without the source map when it is external)
 */
export async function bundle(entry, opts = {}) {
  return (await bundleWithInfo(entry, opts)).code;
}

/**
 * bundle(), also returning what the output still imports (esbuild's metafile: `import`
 * statements, dynamic imports and requires left external; an empty list for a self-contained file).
 * @param {string} entry
 * @param {Parameters<typeof bundle>[1]} [opts]
 * @returns {Promise<{ code: string, imports: { path: string, kind: string }[] }>}
 */
export async function bundleWithInfo(entry, { minify = false, write = undefined, sourcemap = false, platform = 'browser', define = {} } = {}) {
  if (sourcemap === 'external' && write === undefined) throw new Error('bundle: an external sourcemap needs `write`');
  const outfile = write === undefined ? resolve('bundle.js') : resolve(write);
  const result = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    write: false,
    outfile,
    format: 'esm',
    platform,
    target: 'es2022',
    // 'module' and 'browser' are what esbuild adds for the browser when conditions are unset;
    // 'neutral' adds none, so the check there really sees only what every platform has
    conditions: platform === 'browser' ? ['torchlet-source', 'module', 'browser'] : ['torchlet-source', 'import'],
    mainFields: platform === 'browser' ? ['browser', 'module', 'main'] : ['module', 'main'],
    minify,
    sourcemap: sourcemap === 'inline' ? 'inline' : sourcemap === 'external' ? 'linked' : false,
    legalComments: minify ? 'eof' : 'inline',
    define,
    logLevel: 'silent',
    metafile: true,
  });
  if (write !== undefined) mkdirSync(dirname(outfile), { recursive: true });
  let code = '';
  for (const f of result.outputFiles) {
    if (f.path.endsWith('.map')) {
      if (write !== undefined) writeFileSync(f.path, f.contents);
    } else {
      code = f.text;
    }
  }
  if (write !== undefined) writeFileSync(outfile, code);
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map(({ path, kind }) => ({ path, kind })));
  return { code, imports };
}
