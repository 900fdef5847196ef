/**
 * Drives the playground's device switch in headless Chromium with WebGPU (SwiftShader here):
 * the tutorial, the classifier and the digits MLP on the CPU and on 'webgpu' with the same
 * settings, then the speed panel with a tiny step count. Returns what the page shows.
 *
 *   import { driveWebGpu } from './playground/drive-webgpu.mjs';
 *   const result = await driveWebGpu();
 */
import { launchChromium } from '../tools/browser/chromium.mjs';
import { startPlayground } from './build.mjs';
import { runSection } from './drive.mjs';

/** Small runs: SwiftShader computes the GPU's kernels on the CPU. */
export const GPU_SETTINGS = {
  tutorial: { 'tutorial-seed': '0' },
  classifier: {
    'c-dataset': 'moons', 'c-count': '200', 'c-noise': '0.1', 'c-hidden': '16,16', 'c-activation': 'relu',
    'c-optimizer': 'adam', 'c-lr': '0.01', 'c-batch': '50', 'c-epochs': '8', 'c-seed': '0',
  },
  digits: { 'd-epochs': '1', 'd-lr': '0.005', 'd-batch': '128', 'd-seed': '0' },
  speed: { 's-warmup': '1', 's-steps': '1' },
};

/** @param {import('playwright-core').Page} page */
const lines = async (page, id) => (await page.textContent(`#${id}`) ?? '').trimEnd().split('\n');

/**
 * @param {{ settings?: typeof GPU_SETTINGS, timeoutMs?: number, screenshot?: string }} [opts]
 */
export async function driveWebGpu({ settings = GPU_SETTINGS, timeoutMs = 150_000, screenshot } = {}) {
  const server = await startPlayground();
  const browser = await launchChromium({ webgpu: true });
  /** @type {string[]} */
  const consoleErrors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#gpu-devices:not([hidden])', { state: 'attached', timeout: 20_000 });
    const devices = await page.$$eval('#backend option:not([disabled])', (os) => os.map((o) => o.value));
    /** @type {Record<string, unknown>} */
    const out = { devices };
    for (const device of ['auto', 'webgpu']) {
      await page.selectOption('#backend', device);
      const tutorial = await runSection(page, 'tutorial', settings.tutorial, timeoutMs);
      const classifier = await runSection(page, 'classifier', settings.classifier, timeoutMs);
      const classifierResult = {
        ...classifier,
        epoch: Number(await page.textContent('#c-epoch')),
        loss: Number(await page.textContent('#c-loss-value')),
        accuracy: Number(await page.getAttribute('#c-accuracy', 'data-value')),
        status: await page.textContent('#status'),
      };
      const digits = await runSection(page, 'digits', settings.digits, timeoutMs);
      out[device] = {
        tutorial: { ...tutorial, cpu: await lines(page, 'tutorial-output'), gpu: await lines(page, 'tutorial-output-gpu'), gpuShown: await page.isVisible('#tutorial-gpu') },
        classifier: classifierResult,
        digits: { ...digits, loss: Number(await page.textContent('#d-loss')), accuracy: Number(await page.getAttribute('#d-accuracy', 'data-value')), status: await page.textContent('#status') },
      };
    }
    const speed = await runSection(page, 'speed', settings.speed, timeoutMs);
    const table = await page.$$eval('#speed-rows tr', (rows) => rows.map((r) => ({
      runtime: r.dataset.runtime,
      cells: Array.from(r.querySelectorAll('td[data-workload]')).map((c) => ({ workload: c.dataset.workload, ms: c.dataset.ms === undefined ? null : Number(c.dataset.ms), note: c.title })),
    })));
    out.speed = { ...speed, table };
    if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
    return { ...out, consoleErrors };
  } finally {
    await browser.close();
    await server.close();
  }
}
