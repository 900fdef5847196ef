/**
 * Browser page: the backend conformance spec (../backend-spec.ts, the one Node runs) on each
 * backend named in `window.__params.backends`, through the jest shim. 'webgpu' is the webgpu
 * device's backend (after `await torch.webgpu.init()`; the page reports `skipped` when there is
 * no adapter), run with the spec's webgpu capabilities. Reports every case's result,
 * whether the page was cross-origin isolated, how the wasm kernels loaded, and for 'wasm' a
 * threads probe: a product large enough for the pool, run again once workers are ready (they
 * start asynchronously), compared with the js backend's.
 */
import { getNumThreads, rand, setBackend, webgpu } from '@torchlet/core';
import { getBackend } from '@torchlet/core/backend';
import { install, runAll } from './jest-shim';
import { WEBGPU_CAPS, runBackendConformance } from '../backend-spec';
import { deviceBackend } from '../../src/backend/index';
import { wasmRuntime } from '../../src/backend/wasm/runtime';
import { readyWorkers } from '../../src/backend/wasm/index';

interface PageGlobals {
  __params: { backends: string[] };
  __done(result: unknown): void;
  crossOriginIsolated?: boolean;
}
const page = globalThis as unknown as PageGlobals;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs a 192x192 product on wasm until workers join in (or 5 s pass); the largest difference from js. */
async function threadsProbe(): Promise<{ numThreads: number; readyWorkers: number; maxDiff: number }> {
  const a = rand(192, 192), b = rand(192, 192);
  setBackend('js');
  const want = a.mm(b).toTypedArray();
  setBackend('wasm');
  a.mm(b); // starts the pool when memory is shared
  for (let i = 0; i < 100 && wasmRuntime()?.shared === true && readyWorkers() === 0; i++) await sleep(50);
  const got = a.mm(b).toTypedArray();
  let maxDiff = 0;
  for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
  return { numThreads: getNumThreads(), readyWorkers: readyWorkers(), maxDiff };
}

install();
async function main(): Promise<void> {
  const { backends } = page.__params;
  if (backends.includes('webgpu') && !(await webgpu.init())) {
    page.__done({ skipped: 'no WebGPU adapter (navigator.gpu.requestAdapter() gave none)' });
    return;
  }
  for (const name of backends) {
    if (name === 'webgpu') runBackendConformance(deviceBackend('webgpu'), WEBGPU_CAPS);
    else runBackendConformance(getBackend(name));
  }
  const cases = await runAll();
  const rt = wasmRuntime();
  page.__done({
    backends,
    crossOriginIsolated: page.crossOriginIsolated === true,
    wasm: rt === null ? null : { shared: rt.shared, relaxed: rt.relaxed },
    threads: backends.includes('wasm') ? await threadsProbe() : null,
    cases,
  });
}
void main();
