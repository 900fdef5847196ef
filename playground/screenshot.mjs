/**
 * `node playground/screenshot.mjs [OUT.png]`: trains every section of the playground in headless
 * Chromium (with WebGPU: the tutorial again on the GPU, and the speed panel) and saves a
 * screenshot of the whole page (docs/playground.png, shown in the README). Takes a few minutes
 * where WebGPU is SwiftShader.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drivePlayground, runSection } from './drive.mjs';

const out = process.argv[2] ?? fileURLToPath(new URL('../docs/playground.png', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'torchlet-playground-'));
try {
  /** @param {import('playwright-core').Page} page */
  const gpuSections = async (page) => {
    const gpu = await page.$$eval('#backend option[value="webgpu"]:not([disabled])', (os) => os.length > 0);
    if (gpu) {
      await page.selectOption('#backend', 'webgpu');
      await runSection(page, 'tutorial', { 'tutorial-seed': '0' }, 180_000);
    }
    await runSection(page, 'speed', { 's-warmup': '1', 's-steps': '3' }, 600_000);
  };
  const run = await drivePlayground({ screenshots: dir, webgpu: true, beforeScreenshots: gpuSections });
  copyFileSync(join(dir, 'playground.png'), out);
  console.log(`${out}: moons ${(100 * run.classifier.accuracy).toFixed(1)}%, digits test ${(100 * run.digits.accuracy).toFixed(1)}%`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
