/**
 * Page entry: a W2-like MLP (64-32-10, batch 16, MSE to one-hot targets, plain SGD written with
 * core ops) trained on webgpu with no dispose anywhere, recording torch.webgpu.memoryAllocated()
 * along the way. `window.__params`: { steps, awaitEvery (0: never await in the loop), samples
 * (steps at which memory is recorded), inputs and hidden (the sizes, 64 and 32 by default) }.
 */
import * as torch from '@torchlet/core';
import type { Tensor } from '@torchlet/core';

interface Params { steps: number; awaitEvery: number; samples: number[]; inputs?: number; hidden?: number }

/** The page's globals (typed here: tests compile without the DOM lib). */
interface PageGlobals { __done(result: unknown): void; __params: Params | null }
const page = globalThis as unknown as PageGlobals;

async function main(): Promise<void> {
  if (!(await torch.webgpu.init())) {
    page.__done({ skipped: 'no WebGPU adapter' });
    return;
  }
  const { steps, awaitEvery, samples, inputs = 64, hidden = 32 } = page.__params ?? { steps: 2000, awaitEvery: 1, samples: [100, 1000, 2000] };
  torch.manualSeed(0);
  const dev = { device: 'webgpu' } as const;
  const leaf = (t: Tensor): Tensor => t.to('webgpu').requiresGrad_();
  const params = [leaf(torch.randn(inputs, hidden).mul(0.1)), leaf(torch.zeros(hidden)), leaf(torch.randn(hidden, 10).mul(0.1)), leaf(torch.zeros(10))];
  const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
  const x = torch.randn([16, inputs], dev);
  const y = torch.eye(10).narrow(0, 0, 10).repeat(2, 1).narrow(0, 0, 16).to('webgpu');
  const memory: Record<number, number> = {};
  const losses: number[] = [];
  const t0 = performance.now();
  let error: string | null = null;
  try {
    for (let step = 1; step <= steps; step++) {
      const h = x.matmul(w1).add(b1).relu();
      const loss = h.matmul(w2).add(b2).sub(y).square().mean();
      loss.backward();
      torch.noGrad(() => {
        for (const p of params) {
          p.add_(p.grad!, { alpha: -0.05 });
          p.grad = null;
        }
      });
      if (awaitEvery > 0 && step % awaitEvery === 0) {
        const v = await loss.itemAsync();
        if (step === 1 || step === steps) losses.push(v);
      }
      if (samples.includes(step)) {
        if (awaitEvery === 0) await torch.webgpu.synchronize(); // memory as the allocator sees it, no finalizers in between
        memory[step] = torch.webgpu.memoryAllocated();
      }
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  page.__done({ memory, losses, error, ms: Math.round(performance.now() - t0), peak: torch.webgpu.maxMemoryAllocated(), reserved: torch.webgpu.memoryReserved() });
}

main().catch((e: unknown) => page.__done({ error: e instanceof Error ? e.stack ?? e.message : String(e) }));
