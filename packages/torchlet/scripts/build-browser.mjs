/**
 * The browser build of the umbrella: one minified ES module with its source map,
 *   packages/torchlet/dist/browser/torchlet.js (+ .map),
 * bundled by esbuild from the TypeScript sources (src/index.ts: the browser entry; src/node.ts adds
 * the native addon, which a browser never loads). It imports nothing: @torchlet/*, fflate and the
 * WebAssembly kernels (base64 in binary.generated.ts) are all inside. Its types are dist/index.d.ts
 * (the `types` condition of the package's exports comes first). Prints the min and min+gzip sizes.
 *
 *   npm run build:browser        (also run by `npm run build`)
 *   node packages/torchlet/scripts/build-browser.mjs --out /tmp/x/torchlet.js   (elsewhere: tests)
 *
 * Size budget: packages/torchlet/size-budget.json, checked by test/bundle-size.test.ts.
 */
import { gzipSync } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../../../tools/browser/bundle.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out');
const out = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : join(pkg, 'dist', 'browser', 'torchlet.js');
const code = await bundle(join(pkg, 'src', 'index.ts'), { minify: true, write: out, sourcemap: 'external' });
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = gzipSync(code, { level: 9 }).length;
console.log(`${relative(process.cwd(), out)}: ${kb(Buffer.byteLength(code))} minified, ${kb(gz)} min+gzip (${gz} bytes)`);
