/**
 * Browser runs and bundles from jest tests. Jest's runtime cannot import the ES modules in this
 * folder, so runInPageFromJest (bundleFromJest) runs run-page-cli.mjs (bundle-cli.mjs) in a child
 * Node process and parses its one JSON line.
 *
 *   import { chromiumPath, runInPageFromJest } from '../../../tools/browser/jest';
 *   const browser = chromiumPath() === null ? describe.skip : describe;
 *   if (chromiumPath() === null) console.warn('Chromium not installed at /usr/bin/chromium: browser tests skipped');
 *   browser('in Chromium', () => {
 *     it('runs', async () => {
 *       const { result } = await runInPageFromJest({ entry: 'packages/x/test/browser/page.ts' });
 *     }, 60_000);
 *   });
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (entries are resolved against it). */
export const REPO_ROOT = join(__dirname, '..', '..');

/** The same lookup as chromium.mjs: TORCHLET_CHROMIUM or /usr/bin/chromium, null when absent. */
export function chromiumPath(): string | null {
  const path = process.env.TORCHLET_CHROMIUM || '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

export interface PageOptions {
  /** The TypeScript (or JS) module the page runs; relative to the repository root. */
  entry: string;
  /** Serve with COOP/COEP, so the page is crossOriginIsolated (SharedArrayBuffer, wasm threads). */
  isolated?: boolean;
  /** Launch Chromium with WebGPU enabled. */
  webgpu?: boolean;
  timeoutMs?: number;
  /** JSON value the page reads as `window.__params`. */
  params?: unknown;
  minify?: boolean;
  /** A .png path: a full-page screenshot taken after `__done`. */
  screenshot?: string;
  /** URL path -> file served beside the page (e.g. a built bundle the entry imports at run time). */
  files?: Record<string, string>;
}

export interface PageRun<T = unknown> {
  /** What the page passed to `window.__done(result)`. */
  result: T;
  /** The text of every console.error (and error-level message) the page logged. */
  consoleErrors: string[];
  /** Every console message, as `type: text`. */
  console: string[];
}

/** Runs tools/browser/<cli> with args and parses its last stdout line; rejects with its `error`. */
function runCli<T>(cli: string, args: string[], timeout: number): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(REPO_ROOT, 'tools', 'browser', cli), ...args], { cwd: REPO_ROOT, timeout, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let parsed: { ok: boolean; error?: string };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        reject(new Error(`${cli} printed no result (${err?.message ?? 'exit 0'})\n${stderr}`));
        return;
      }
      if (!parsed.ok) reject(new Error(parsed.error));
      else resolve(parsed as T);
    });
  });
}

/** runInPage (run-page.mjs) in a child process; rejects with the page's error. */
export async function runInPageFromJest<T = unknown>(opts: PageOptions): Promise<PageRun<T>> {
  // the child's own timeout fires first, with the page's last console lines
  const run = await runCli<PageRun<T>>('run-page-cli.mjs', [JSON.stringify(opts)], (opts.timeoutMs ?? 60_000) + 30_000);
  return { result: run.result, consoleErrors: run.consoleErrors, console: run.console };
}

export interface BundleOptions {
  minify?: boolean;
  /** 'neutral' resolves no Node builtins: importing `node:*` or `fs` is a build error. */
  platform?: 'browser' | 'neutral';
}

/** bundleWithInfo (bundle.mjs) in a child process: the ES module's text and what it still imports. */
export async function bundleFromJest(entry: string, opts: BundleOptions = {}): Promise<{ code: string; imports: { path: string; kind: string }[] }> {
  const out = await runCli<{ code: string; imports: { path: string; kind: string }[] }>('bundle-cli.mjs', [entry, JSON.stringify(opts)], 120_000);
  return { code: out.code, imports: out.imports };
}
