/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download, no network).
 *
 *   import { chromiumPath, launchChromium } from './tools/browser/chromium.mjs';
 *   if (chromiumPath() === null) console.warn('no Chromium at /usr/bin/chromium: skipped');
 *   const browser = await launchChromium({ webgpu: true });
 *   const page = await browser.newPage();
 *   await page.goto(url); // served from 127.0.0.1 (see serve.mjs), never file:// or a CDN
 *   await browser.close();
 *
 * Each launch gets a fresh temporary profile (playwright passes its own --user-data-dir and
 * removes it on close). Set TORCHLET_CHROMIUM to use another binary.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const DEFAULT_PATH = '/usr/bin/chromium';

/** Flags for every launch: no sandbox (containers, root), nothing that phones home. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * WebGPU: measured on this machine (Chromium 156, no GPU): `--enable-unsafe-webgpu` alone makes
 * `navigator.gpu.requestAdapter()` return an adapter (vendor 'google', architecture
 * 'swiftshader': Dawn's CPU Vulkan device), with or without `--disable-gpu`, and
 * `--use-webgpu-adapter=swiftshader` or `--enable-features=Vulkan` change nothing; without
 * `--enable-unsafe-webgpu` the adapter is null. `--disable-gpu` is left out for WebGPU all the same.
 */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

/** The Chromium binary, or null when it is not installed (tests then skip with a warning). */
export function chromiumPath() {
  const path = process.env.TORCHLET_CHROMIUM || DEFAULT_PATH;
  return existsSync(path) ? path : null;
}

/**
 * Launches headless Chromium (the playwright Browser); throws when it is not installed.
 * @param {{ webgpu?: boolean, args?: string[] }} [opts]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ webgpu = false, args = [] } = {}) {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(`Chromium not found at ${process.env.TORCHLET_CHROMIUM || DEFAULT_PATH} (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...BASE_ARGS, ...(webgpu ? WEBGPU_ARGS : ['--disable-gpu']), ...args],
  });
}
