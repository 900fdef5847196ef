/**
 * The browser bundle's size budget (min+gzip, gzip level 9): the umbrella bundled and minified in
 * memory as `npm run build:browser` does, and the largest WebAssembly kernel variant. To raise a
 * budget deliberately, run `npm run build:browser` (it prints the size), set the new figure plus
 * about 10% in packages/torchlet/size-budget.json, and say why in the commit message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleFromJest } from '../../../tools/browser/jest';
import * as wasm from '../../core/src/backend/wasm/binary.generated';

interface Budget {
  bundleGzipBytes: number;
  wasmGzipBytes: number;
}
const budget = JSON.parse(readFileSync(join(__dirname, '..', 'size-budget.json'), 'utf8')) as Budget;
const gzip = (bytes: Uint8Array | string): number => gzipSync(bytes, { level: 9 }).length;

test('the minified umbrella bundle, gzipped, is within its budget', async () => {
  const { code, imports } = await bundleFromJest('packages/torchlet/src/index.ts', { minify: true });
  expect(imports).toEqual([]);
  const size = gzip(code);
  // a bundle that lost its contents must not pass either: the kernels alone are tens of KiB
  expect(size).toBeGreaterThan(budget.bundleGzipBytes / 2);
  if (size > budget.bundleGzipBytes) {
    throw new Error(`torchlet.js is ${size} bytes min+gzip, over its budget of ${budget.bundleGzipBytes} (packages/torchlet/size-budget.json: raise it deliberately, see this file's header)`);
  }
}, 120_000);

test('the largest WebAssembly kernel variant, gzipped, is within its budget', () => {
  const variants = [wasm.simdWasm, wasm.relaxedWasm, wasm.simdSharedWasm, wasm.relaxedSharedWasm].map((b64) => Buffer.from(b64, 'base64'));
  for (const v of variants) expect(v.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d])); // "\0asm"
  const size = Math.max(...variants.map(gzip));
  expect(size).toBeGreaterThan(budget.wasmGzipBytes / 2);
  if (size > budget.wasmGzipBytes) {
    throw new Error(`the largest wasm variant is ${size} bytes min+gzip, over its budget of ${budget.wasmGzipBytes} (packages/torchlet/size-budget.json)`);
  }
});
