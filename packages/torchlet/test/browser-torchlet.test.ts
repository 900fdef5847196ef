/**
 * The umbrella in headless Chromium: training on the js, wasm and auto backends gives the same
 * float32 losses and outputs as Node, and trainer.fit the same History; torch.save/torch.load
 * bytes and safetensors bytes (also through a Blob) rebuild the model exactly; no `process` exists
 * on the page and the path forms of save/load say what to use instead. The page is cross-origin
 * isolated, so the wasm kernels run on shared memory with worker threads. And the file
 * `npm run build:browser` writes loads with a plain dynamic import, no bundler. Skipped, with a
 * warning, when Chromium is not installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'torchlet';
import { chromiumPath, REPO_ROOT, runInPageFromJest } from '../../../tools/browser/jest';
import { runFit, runScenario, type ScenarioResult } from './browser/scenario';

interface TorchletPage {
  runs: ScenarioResult[];
  fit: { epochs: { epoch: number; train: { loss: number } }[] };
  hasProcess: boolean;
  crossOriginIsolated: boolean;
  saveToPath: string;
  loadFromPath: string;
}

const haveChromium = chromiumPath() !== null;
// the Node side of the comparison starts the wasm worker pool: stop it, so jest's worker exits
afterAll(() => {
  torch.setBackend('auto');
  torch.setNumThreads(1);
});
if (!haveChromium) console.warn('browser-torchlet: Chromium not found at /usr/bin/chromium (apt-get install -y chromium): the browser runs are skipped');

(haveChromium ? test : test.skip)('torchlet in Chromium trains as in Node and saves and loads bytes', async () => {
  const { result, consoleErrors } = await runInPageFromJest<TorchletPage>({ entry: 'packages/torchlet/test/browser/torchlet-page.ts', isolated: true, timeoutMs: 150_000 });
  expect(consoleErrors).toEqual([]);
  expect(result.hasProcess).toBe(false);
  expect(result.crossOriginIsolated).toBe(true);
  expect(result.saveToPath).toContain('in a browser use the bytes forms: torch.save(obj) returns a Uint8Array');
  expect(result.loadFromPath).toContain('in a browser use the bytes forms: save(stateDict) returns a Uint8Array');
  expect(result.runs.map((r) => r.backend)).toEqual(['js', 'wasm', 'auto']);
  for (const run of result.runs) {
    const node = await runScenario(run.backend);
    expect(run).toEqual(node);
    expect(run.reloaded).toEqual({ torchLoad: true, torchLoadBlob: true, safetensors: true, safetensorsBlob: true });
    // the loss falls: the steps really trained
    expect(run.losses[4]!).toBeLessThan(run.losses[0]! - 0.1);
  }
  expect(result.fit).toEqual(await runFit());
  expect(result.fit.epochs.map((e) => e.epoch)).toEqual([1, 2]);
}, 200_000);

(haveChromium ? test : test.skip)('the built torchlet.js imports nothing and runs from a plain module import', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-build-'));
  try {
    const out = join(dir, 'torchlet.js');
    execFileSync(process.execPath, [join(REPO_ROOT, 'packages/torchlet/scripts/build-browser.mjs'), '--out', out], { cwd: REPO_ROOT });
    expect(readFileSync(out, 'utf8')).toMatch(/\/\/# sourceMappingURL=torchlet\.js\.map\s*$/);
    expect(JSON.parse(readFileSync(`${out}.map`, 'utf8'))).toMatchObject({ version: 3 });
    const { result, consoleErrors } = await runInPageFromJest({
      entry: 'packages/torchlet/test/browser/script-module-page.ts',
      files: { '/torchlet.js': out, '/torchlet.js.map': `${out}.map` },
    });
    expect(consoleErrors).toEqual([]);
    const a = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
    const y = a.matmul(a).sum();
    y.backward();
    expect(result).toEqual({ y: 54, grad: a.grad!.tolist(), loaded: [[1, 2], [3, 4]], backend: 'wasm', nn: 'function' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 200_000);
