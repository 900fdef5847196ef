/**
 * The playground's device switch in headless Chromium with WebGPU (SwiftShader on this machine):
 * the tutorial, the classifier and the digits MLP run on the CPU and on 'webgpu' with the same
 * settings and must agree; the speed panel must produce a time for every device it offers.
 * Driven by playground/drive-webgpu.mjs in a child process. Times are never asserted.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import fixture from '../../examples/tutorial/test/fixtures/python-outputs.json';
import { chromiumPath, REPO_ROOT } from '../../tools/browser/jest';

interface Run {
  tutorial: { state: string; cpu: string[]; gpu: string[]; gpuShown: boolean };
  classifier: { state: string; epoch: number; loss: number; accuracy: number; status: string };
  digits: { state: string; loss: number; accuracy: number; status: string };
}
interface SpeedRow { runtime: string; cells: { workload: string; ms: number | null; note: string }[] }
interface DeviceRun {
  devices: string[];
  auto: Run;
  webgpu: Run;
  speed: { state: string; table: SpeedRow[] };
  consoleErrors: string[];
}

function drive(): Promise<DeviceRun> {
  const cli = join(REPO_ROOT, 'playground', 'test', 'e2e-webgpu-cli.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli], { cwd: REPO_ROOT, timeout: 290_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      try {
        const out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { ok: boolean; error?: string; result: DeviceRun };
        if (out.ok) resolve(out.result);
        else reject(new Error(out.error));
      } catch {
        reject(new Error(`e2e-webgpu-cli.mjs printed no result (${err?.message ?? 'exit 0'})\n${stderr}`));
      }
    });
  });
}

const hasChromium = chromiumPath() !== null;
if (!hasChromium) console.warn('Chromium not installed at /usr/bin/chromium: the playground WebGPU tests are skipped');

(hasChromium ? describe : describe.skip)('the playground on WebGPU in Chromium', () => {
  let run: DeviceRun;
  beforeAll(async () => {
    run = await drive();
  }, 300_000);

  it('offers WebGPU beside the CPU backends once the worker has an adapter, and logs no errors', () => {
    expect(run.devices).toEqual(['auto', 'wasm', 'js', 'webgpu']);
    expect(run.consoleErrors).toEqual([]);
  });

  it('prints the GPU tutorial beside the CPU one, line for line the same (PyTorch’s)', () => {
    const torch = fixture.outputs.find((o) => o.seed === 0)!;
    expect(run.auto.tutorial.gpuShown).toBe(false);
    expect(run.webgpu.tutorial.state).toBe('done');
    expect(run.webgpu.tutorial.gpuShown).toBe(true);
    expect(run.webgpu.tutorial.cpu).toEqual([...torch.manual, ...torch.auto]);
    expect(run.webgpu.tutorial.gpu).toEqual(run.webgpu.tutorial.cpu);
  });

  it('trains the classifier on webgpu to the CPU’s loss (shown to 4 digits) and accuracy', () => {
    const cpu = run.auto.classifier, gpu = run.webgpu.classifier;
    expect([cpu.state, gpu.state]).toEqual(['done', 'done']);
    expect(gpu.epoch).toBe(8);
    expect(gpu.status).toMatch(/^Finished the classifier on the webgpu backend: epoch 8 · \d+\.\d\d ms per step\.$/);
    expect(cpu.loss).toBeLessThan(0.5);
    expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThanOrEqual(2e-4);
    expect(gpu.accuracy).toBeCloseTo(cpu.accuracy, 6);
  });

  it('trains the digits MLP on webgpu to the CPU’s loss and test accuracy', () => {
    const cpu = run.auto.digits, gpu = run.webgpu.digits;
    expect([cpu.state, gpu.state]).toEqual(['done', 'done']);
    expect(gpu.status).toMatch(/^Finished the digits on the webgpu backend/);
    expect(cpu.accuracy).toBeGreaterThan(0.5);
    expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThanOrEqual(2e-4);
    expect(Math.abs(gpu.accuracy - cpu.accuracy)).toBeLessThanOrEqual(1 / 359 + 1e-9);
  });

  it('measures W2 and W4 on every torchlet device and tfjs backend the page has', () => {
    expect(run.speed.state).toBe('done');
    const rows = Object.fromEntries(run.speed.table.map((r) => [r.runtime, r.cells]));
    expect(Object.keys(rows)).toEqual(['torchlet js', 'torchlet wasm', 'torchlet auto', 'torchlet webgpu', 'tfjs cpu', 'tfjs webgpu', 'tfjs wasm']);
    for (const runtime of Object.keys(rows).filter((r) => r !== 'tfjs wasm')) {
      expect(rows[runtime]!.map((c) => c.workload)).toEqual(['W2', 'W4']);
      for (const cell of rows[runtime]!) {
        expect({ runtime, workload: cell.workload, note: cell.note }).toEqual({ runtime, workload: cell.workload, note: '' });
        expect(cell.ms).toBeGreaterThan(0);
        expect(Number.isFinite(cell.ms)).toBe(true);
      }
    }
    expect(rows['tfjs wasm']!.map((c) => c.ms)).toEqual([null, null]);
    expect(rows['tfjs wasm']![0]!.note).toMatch(/tfjs-backend-wasm/);
  });
});
