/**
 * Drives the playground in headless Chromium the way a user would: runs the tutorial, trains the
 * classifier and the digits MLP, and returns what the page shows (for the end-to-end test and
 * for the README's screenshot).
 *
 *   import { drivePlayground } from './playground/drive.mjs';
 *   const result = await drivePlayground({ screenshots: 'playground/test/artifacts' });
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tools/browser/chromium.mjs';
import { startPlayground } from './build.mjs';

/** The controls each section is run with (ids of index.html -> values). */
export const DEFAULT_SETTINGS = {
  tutorial: { 'tutorial-seed': '0' },
  classifier: {
    'c-dataset': 'moons', 'c-count': '200', 'c-noise': '0.1', 'c-hidden': '16,16', 'c-activation': 'relu',
    'c-optimizer': 'adam', 'c-lr': '0.01', 'c-batch': '32', 'c-epochs': '300', 'c-seed': '0',
  },
  digits: { 'd-epochs': '10', 'd-lr': '0.005', 'd-batch': '32', 'd-seed': '0' },
};

/**
 * @param {import('playwright-core').Page} page
 * @param {'tutorial' | 'classifier' | 'digits'} section
 * @param {Record<string, string>} settings
 * @param {number} timeoutMs
 */
export async function runSection(page, section, settings, timeoutMs) {
  for (const [id, value] of Object.entries(settings)) {
    const tag = await page.locator(`#${id}`).evaluate((e) => e.tagName);
    if (tag === 'SELECT') await page.selectOption(`#${id}`, value);
    else await page.fill(`#${id}`, value);
  }
  const started = Date.now();
  await page.click(`#${section}-run`);
  await page.waitForSelector(`#${section}:is([data-state="done"], [data-state="error"], [data-state="stopped"])`, { timeout: timeoutMs });
  return { state: await page.getAttribute(`#${section}`, 'data-state'), seconds: (Date.now() - started) / 1000 };
}

/**
 * `webgpu` launches Chromium with WebGPU (the device switch then offers it); `beforeScreenshots`
 * runs after the three sections, before the screenshots (screenshot.mjs runs the GPU tutorial
 * and the speed panel there).
 * @param {{ screenshots?: string, backend?: string, settings?: typeof DEFAULT_SETTINGS,
 *   viewport?: { width: number, height: number }, timeoutMs?: number, webgpu?: boolean,
 *   beforeScreenshots?: (page: import('playwright-core').Page) => Promise<void> }} [opts]
 */
export async function drivePlayground({ screenshots, backend = 'auto', settings = DEFAULT_SETTINGS, viewport = { width: 1280, height: 900 }, timeoutMs = 40_000, webgpu = false, beforeScreenshots } = {}) {
  const server = await startPlayground();
  const browser = await launchChromium({ webgpu });
  /** @type {string[]} */
  const consoleErrors = [];
  try {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}/`);
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    await page.selectOption('#backend', backend);
    const tutorial = await runSection(page, 'tutorial', settings.tutorial, timeoutMs);
    const tutorialLines = (await page.textContent('#tutorial-output') ?? '').trimEnd().split('\n');
    // the worker reports its devices before it runs anything, so the switch is settled by now
    const devices = await page.$$eval('#backend option:not([disabled])', (os) => os.map((o) => o.value));
    const classifier = await runSection(page, 'classifier', settings.classifier, timeoutMs);
    const classifierAccuracy = Number(await page.getAttribute('#c-accuracy', 'data-value'));
    const classifierStatus = await page.textContent('#status');
    const digits = await runSection(page, 'digits', settings.digits, timeoutMs);
    const digitsAccuracy = Number(await page.getAttribute('#d-accuracy', 'data-value'));
    const digitsCaption = await page.textContent('#d-caption');
    if (beforeScreenshots !== undefined) await beforeScreenshots(page);
    if (screenshots !== undefined) {
      mkdirSync(screenshots, { recursive: true });
      await page.locator('#classifier').screenshot({ path: join(screenshots, 'classifier.png') });
      await page.locator('#digits').screenshot({ path: join(screenshots, 'digits.png') });
      await page.screenshot({ path: join(screenshots, 'playground.png'), fullPage: true });
    }
    // Stop: a run far too long to finish, stopped once it has reported progress.
    await page.fill('#c-epochs', '1000000');
    await page.click('#classifier-run');
    await page.waitForFunction(() => Number(document.getElementById('c-epoch')?.textContent) > 0);
    await page.click('#stop');
    await page.waitForSelector('#classifier:not([data-state="running"])', { timeout: timeoutMs });
    const stop = { state: await page.getAttribute('#classifier', 'data-state'), epoch: Number(await page.textContent('#c-epoch')) };
    // The backend selector: the tutorial again on the other backend the page offers.
    const other = backend === 'js' ? 'wasm' : 'js';
    await page.selectOption('#backend', other);
    const rerun = await runSection(page, 'tutorial', settings.tutorial, timeoutMs);
    const rerunLines = (await page.textContent('#tutorial-output') ?? '').trimEnd().split('\n');
    const rerunStatus = await page.textContent('#status');
    return {
      isolated,
      devices,
      stop,
      tutorialOtherBackend: { ...rerun, backend: other, lines: rerunLines, status: rerunStatus },
      tutorial: { ...tutorial, lines: tutorialLines },
      classifier: { ...classifier, accuracy: classifierAccuracy, status: classifierStatus },
      digits: { ...digits, accuracy: digitsAccuracy, caption: digitsCaption },
      consoleErrors,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
