/**
 * The tutorial's GPU variant (webgpu.ts) is the CPU tutorial with a device: run on 'cpu' here
 * (Node has no WebGPU on this machine), its async code prints PyTorch's lines for every seed in
 * the fixture. On 'webgpu' it runs in Chromium: playground/test/webgpu.test.ts.
 */
import { parseArgs } from '../cli';
import { runTutorialOn } from '../webgpu';
import fixture from './fixtures/python-outputs.json';

async function run(argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runTutorialOn('cpu', parseArgs(argv), (...parts) => lines.push(parts.join(' ')));
  return lines;
}

describe('the GPU variant of the tutorial, on the CPU', () => {
  for (const { seed, manual, auto } of fixture.outputs) {
    it(`prints PyTorch's lines for seed ${seed}`, async () => {
      expect(await run(['--seed', String(seed)])).toEqual([...manual, ...auto]);
    });
  }

  it('runs only the part asked for', async () => {
    const seed0 = fixture.outputs.find((o) => o.seed === 0)!;
    expect(await run(['--part', 'auto', '--seed', '0'])).toEqual(seed0.auto);
  });
});
