/**
 * The ops that used to read a webgpu tensor on the host, in headless Chromium with WebGPU
 * (SwiftShader here; page: webgpu-host-reads/page.ts): advanced indexing and index assignment,
 * the index-extra ops, median/quantile, dropout, nn.init and clipGradNorm_ match the CPU (the
 * random ones exactly: the host draws from the same seed); out-of-range indices are skipped on
 * the device; the ops left on the host raise an error naming the op and the way through the CPU.
 * Skipped, with a warning, when Chromium or a WebGPU adapter is absent.
 */
import { chromiumPath, runInPageFromJest } from '../../../tools/browser/jest';
import type { HostReadRun } from './webgpu-host-reads/page';

const haveChromium = chromiumPath() !== null;
if (!haveChromium) console.warn('webgpu-host-reads: Chromium not found at /usr/bin/chromium: skipped');

(haveChromium ? describe : describe.skip)('ops that read values, on webgpu', () => {
  test('run on the device and match the CPU, or raise a clear error', async () => {
    const { result, consoleErrors } = await runInPageFromJest<HostReadRun>({
      entry: 'packages/core/test/webgpu-host-reads/page.ts', webgpu: true, timeoutMs: 90_000,
    });
    if (result.skipped !== undefined) {
      console.warn(`webgpu-host-reads: skipped in Chromium: ${result.skipped}`);
      return;
    }
    expect(consoleErrors).toEqual([]);
    const cases = result.cases ?? [];
    expect(cases.length).toBe(8);
    const failed = cases.filter((c) => !(typeof c.err === 'number' && c.err <= c.tol)).map((c) => `${c.name}: ${String(c.err)} > ${c.tol} ${c.detail ?? ''}`);
    expect(failed).toEqual([]);

    // [1,2],[3,4],[5,6] indexed by [2, 3, -4]: row 2, then two skipped rows (NaN, JSON null);
    // rows [5, 0] set to 9: row 5 skipped, nothing else written; take [0, 6, -7] of 6 elements;
    // indexFill of rows [5, 1] with 0
    expect(result.skippedOutOfRange).toEqual([[5, 6, null, null, null, null], [9, 9, 3, 4, 5, 6], [1, null, null], [1, 2, 0, 0, 5, 6]]);

    const errors = result.errors ?? {};
    expect(Object.keys(errors).sort()).toEqual(
      ['allclose', 'bernoulli', 'bincount', 'equal', 'histc', 'mask', 'mode', 'multinomial', 'repeatInterleave', 'searchsorted']);
    for (const [op, msg] of Object.entries(errors)) {
      expect([op, msg]).toEqual([op, expect.stringContaining('webgpu')]);
      expect([op, msg]).toEqual([op, expect.stringContaining("toAsync('cpu')")]);
    }
    expect(errors.allclose).toContain('await torch.isclose(a, b).all().itemAsync()');
    expect(errors.equal).toContain('await a.eq(b).all().itemAsync()');
    expect(errors.histc).toMatch(/^histc\(\): not available on webgpu/);
  }, 120_000);
});
