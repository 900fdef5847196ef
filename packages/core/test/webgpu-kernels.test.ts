/**
 * The webgpu kernels for products, softmax, losses, windows, index, scans and sorting against the
 * js oracle, in headless Chromium with WebGPU (SwiftShader here): the page
 * (webgpu-kernels/page.ts) runs every case on random strided, transposed, offset and broadcast
 * views and reports its largest relative error; here each must be within its tolerance. A second
 * page (webgpu-kernels/ops-page.ts) runs the public ops on them (conv, pooling, losses, embedding,
 * scans, sort...) forward and backward on webgpu and on the CPU.
 * Skipped, with a warning, when Chromium or a WebGPU adapter is absent.
 */
import { chromiumPath, runInPageFromJest } from '../../../tools/browser/jest';
import type { KernelCase } from './webgpu-kernels/page';

const haveChromium = chromiumPath() !== null;
if (!haveChromium) console.warn('webgpu-kernels: Chromium not found at /usr/bin/chromium: the webgpu kernel tests are skipped');

(haveChromium ? describe : describe.skip)('webgpu kernels match the js oracle', () => {
  test('matmul, softmax, nll/cross-entropy, im2col/col2im, gather/scatter/indexSelect, scan, sort', async () => {
    const { result, consoleErrors } = await runInPageFromJest<{ skipped?: string; cases?: KernelCase[] }>({
      entry: 'packages/core/test/webgpu-kernels/page.ts', webgpu: true, timeoutMs: 120_000,
    });
    if (result.skipped !== undefined) {
      console.warn(`webgpu-kernels: skipped in Chromium: ${result.skipped}`);
      return;
    }
    expect(consoleErrors).toEqual([]);
    const cases = result.cases ?? [];
    // every family registers cases: a page that ran none must not pass
    expect(cases.length).toBeGreaterThanOrEqual(40);
    // JSON turns an infinite error into null
    const failed = cases.filter((c) => !(typeof c.err === 'number' && c.err <= c.tol)).map((c) => `${c.name}: ${String(c.err)} > ${c.tol} ${c.detail ?? ''}`);
    expect(failed).toEqual([]);
  }, 180_000);

  test('the ops built on them, forward and gradients, match the CPU', async () => {
    const { result, consoleErrors } = await runInPageFromJest<{ skipped?: string; cases?: KernelCase[] }>({
      entry: 'packages/core/test/webgpu-kernels/ops-page.ts', webgpu: true, timeoutMs: 90_000,
    });
    if (result.skipped !== undefined) return;
    expect(consoleErrors).toEqual([]);
    const cases = result.cases ?? [];
    expect(cases.length).toBe(8);
    const failed = cases.filter((c) => !(typeof c.err === 'number' && c.err <= c.tol)).map((c) => `${c.name}: ${String(c.err)} > ${c.tol} ${c.detail ?? ''}`);
    expect(failed).toEqual([]);
  }, 120_000);
});
