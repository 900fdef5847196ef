/**
 * drivePlayground as a command for the jest test (jest's CommonJS runtime cannot import ES
 * modules): `node playground/test/e2e-cli.mjs [SCREENSHOT_DIR]` prints one JSON line,
 * `{"ok":true,"result":...}` or `{"ok":false,"error":"..."}`.
 */
import { DEFAULT_SETTINGS, drivePlayground } from '../drive.mjs';

/** The page's defaults with a smaller budget for the moons (they separate fully by epoch 40). */
const settings = { ...DEFAULT_SETTINGS, classifier: { ...DEFAULT_SETTINGS.classifier, 'c-epochs': '60' } };

try {
  const result = await drivePlayground({ screenshots: process.argv[2], settings, timeoutMs: 80_000 });
  console.log(JSON.stringify({ ok: true, result }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: String(err?.stack ?? err) }));
  process.exitCode = 1;
}
