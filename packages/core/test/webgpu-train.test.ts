/**
 * Training on webgpu in headless Chromium (SwiftShader here): the tutorial's MLP, a W2-like MLP
 * under SGD (momentum, nesterov, weight decay), Adam, AdamW (amsgrad), RMSprop (centered,
 * momentum) and Adagrad, a W4-like CNN and the tiny GPT train a few steps on the CPU and on webgpu
 * from the same seed (webgpu-train/page.ts); the losses must agree within 1e-4 relative, and the
 * webgpu run must end with every parameter and gradient on webgpu. Any host read of a webgpu
 * tensor inside forward, backward or step raises, so a finished run never left the device.
 * Skipped, with a warning, when Chromium or a WebGPU adapter is absent.
 */
import { chromiumPath, runInPageFromJest } from '../../../tools/browser/jest';
import type { TrainRun } from './webgpu-train/page';

const haveChromium = chromiumPath() !== null;
if (!haveChromium) console.warn('webgpu-train: Chromium not found at /usr/bin/chromium: the webgpu training tests are skipped');

function maxRelative(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.abs(v)));
}

(haveChromium ? describe : describe.skip)('training on webgpu matches the CPU', () => {
  test('MLPs under every optimizer, a CNN and the tiny GPT', async () => {
    const { result, consoleErrors } = await runInPageFromJest<{ skipped?: string; runs?: TrainRun[] }>({
      entry: 'packages/core/test/webgpu-train/page.ts', webgpu: true, timeoutMs: 100_000,
    });
    if (result.skipped !== undefined) {
      console.warn(`webgpu-train: skipped in Chromium: ${result.skipped}`);
      return;
    }
    expect(consoleErrors).toEqual([]);
    const runs = result.runs ?? [];
    expect(runs.map((r) => r.name)).toEqual([
      'tutorial MLP, SGD', 'W2 MLP, SGD momentum nesterov weight decay', 'W2 MLP, Adam', 'W2 MLP, AdamW amsgrad',
      'W2 MLP, RMSprop centered momentum', 'W2 MLP, Adagrad', 'W4 CNN, Adam', 'tiny GPT, AdamW + clipGradNorm_',
    ]);
    // one line per run that failed: its error, or its largest relative loss difference and devices
    const bad = runs.filter((r) => r.error !== undefined || r.gpu.length !== r.cpu.length || !(maxRelative(r.cpu, r.gpu) < 1e-4) || r.devices?.join() !== 'webgpu')
      .map((r) => `${r.name}: ${r.error ?? `max relative ${maxRelative(r.cpu, r.gpu)}, devices ${r.devices?.join() ?? '?'}`}`);
    expect(bad).toEqual([]);
    // the losses moved: a run that did not train (or trained on zeros) would repeat its first loss
    for (const r of runs) expect(new Set(r.gpu).size).toBeGreaterThan(1);
  }, 150_000);
});
