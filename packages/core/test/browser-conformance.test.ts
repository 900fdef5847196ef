/**
 * The backend conformance spec (backend-spec.ts, as Node runs it) in headless Chromium, for the
 * js and wasm backends; wasm also on a cross-origin isolated page, where its kernels load with
 * shared memory and the worker pool takes a share of large products (one thread otherwise); and
 * for the webgpu device (SwiftShader here), with its capabilities (float32 only, async reads,
 * products within 1e-4).
 * Skipped, with a warning, when Chromium is not installed at /usr/bin/chromium (webgpu: when
 * Chromium gives no WebGPU adapter).
 */
import { chromiumPath, runInPageFromJest } from '../../../tools/browser/jest';
import type { CaseResult } from './browser/jest-shim';
import { describe as shimDescribe, expect as shimExpect, runAll, test as shimTest } from './browser/jest-shim';

interface ConformanceRun {
  skipped?: string;
  backends: string[];
  crossOriginIsolated: boolean;
  wasm: { shared: boolean; relaxed: boolean } | null;
  threads: { numThreads: number; readyWorkers: number; maxDiff: number } | null;
  cases: CaseResult[];
}

const PAGE = 'packages/core/test/browser/conformance-page.ts';
const haveChromium = chromiumPath() !== null;
if (!haveChromium) console.warn('browser-conformance: Chromium not found at /usr/bin/chromium (apt-get install -y chromium): the browser conformance runs are skipped');

/** Runs the spec for `backends` on one page; fails listing the failing cases. */
async function run(backends: string[], isolated: boolean, webgpu = false): Promise<ConformanceRun> {
  const { result, consoleErrors } = await runInPageFromJest<ConformanceRun>({ entry: PAGE, isolated, webgpu, params: { backends }, timeoutMs: 150_000 });
  if (result.skipped !== undefined) return result;
  expect(consoleErrors).toEqual([]);
  const failed = result.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error ?? ''}`);
  expect(failed).toEqual([]);
  // the spec registers 15 cases or more per backend: a run that registered none must not pass
  for (const name of backends) expect(result.cases.filter((c) => c.name.startsWith(`backend ${name} `)).length).toBeGreaterThanOrEqual(15);
  expect(result.crossOriginIsolated).toBe(isolated);
  return result;
}

(haveChromium ? describe : describe.skip)('the conformance spec in Chromium', () => {
  test('js and wasm on a plain page: wasm on private memory, one thread', async () => {
    const r = await run(['js', 'wasm'], false);
    expect(r.wasm).toEqual({ shared: false, relaxed: true });
    expect(r.threads).toEqual({ numThreads: 1, readyWorkers: 0, maxDiff: 0 });
  }, 200_000);

  test('wasm on a cross-origin isolated page: shared memory, worker threads', async () => {
    const r = await run(['wasm'], true);
    expect(r.wasm).toEqual({ shared: true, relaxed: true });
    // CI and this machine have 2 cores or more: the pool has numThreads - 1 workers
    expect(r.threads!.numThreads).toBeGreaterThan(1);
    expect(r.threads!.readyWorkers).toBe(r.threads!.numThreads - 1);
    expect(r.threads!.maxDiff).toBe(0);
  }, 200_000);

  test('webgpu (the device backend, after torch.webgpu.init())', async () => {
    const r = await run(['webgpu'], false, true);
    if (r.skipped !== undefined) {
      console.warn(`browser-conformance: webgpu skipped: ${r.skipped}`);
      return;
    }
    expect(r.backends).toEqual(['webgpu']);
  }, 200_000);
});

describe('the jest shim the page runs the spec with', () => {
  test('reports failing cases with jest-like messages, and passes equal values', async () => {
    shimDescribe('outer', () => {
      shimTest('passes', () => {
        shimExpect([1, NaN, new Float32Array([2])]).toEqual([1, NaN, new Float32Array([2])]);
        shimExpect(new Int32Array(2)).toBeInstanceOf(Int32Array);
        shimExpect(0).not.toBe(-0);
        shimExpect(() => { throw new Error('bad size'); }).toThrow('size');
      });
      shimTest('fails', () => shimExpect([1, 2]).toEqual([1, 3]));
      shimTest('fails on -0', () => shimExpect([0]).toEqual([-0]));
      shimTest('fails async', async () => {
        await Promise.resolve();
        shimExpect(new Float32Array([1])).toEqual(new Float64Array([1]));
      });
    });
    const results = await runAll();
    expect(results.map((r) => [r.name, r.ok, r.error])).toEqual([
      ['outer passes', true, undefined],
      ['outer fails', false, 'expect([1,2]).toEqual([1,3])'],
      ['outer fails on -0', false, 'expect([0]).toEqual([0])'],
      ['outer fails async', false, 'expect(Float32Array [1]).toEqual(Float64Array [1])'],
    ]);
  });
});
