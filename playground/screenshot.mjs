/**
 * `node playground/screenshot.mjs [OUT.png]`: trains every section of the playground in headless
 * Chromium and saves a screenshot of the whole page (docs/playground.png, shown in the README).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drivePlayground } from './drive.mjs';

const out = process.argv[2] ?? fileURLToPath(new URL('../docs/playground.png', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'torchlet-playground-'));
try {
  const run = await drivePlayground({ screenshots: dir });
  copyFileSync(join(dir, 'playground.png'), out);
  console.log(`${out}: moons ${(100 * run.classifier.accuracy).toFixed(1)}%, digits test ${(100 * run.digits.accuracy).toFixed(1)}%`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
