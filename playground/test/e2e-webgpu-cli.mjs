/**
 * driveWebGpu as a command for the jest test (jest cannot import ES modules):
 * `node playground/test/e2e-webgpu-cli.mjs` prints one JSON line, `{"ok":true,"result":...}` or
 * `{"ok":false,"error":"..."}`.
 */
import { driveWebGpu, GPU_SETTINGS } from '../drive-webgpu.mjs';

/** No warm-up in the test: it checks that the panel produces numbers, not what they are. */
const settings = { ...GPU_SETTINGS, speed: { 's-warmup': '0', 's-steps': '1' } };

try {
  const result = await driveWebGpu({ settings });
  console.log(JSON.stringify({ ok: true, result }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: String(err?.stack ?? err) }));
  process.exitCode = 1;
}
