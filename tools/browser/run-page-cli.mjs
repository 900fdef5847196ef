/**
 * runInPage as a command, for callers that cannot import ES modules (jest's CommonJS runtime):
 *
 *   node tools/browser/run-page-cli.mjs '{"entry":"packages/core/test/browser/conformance-page.ts","isolated":true}'
 *
 * Prints one JSON line to stdout: `{"ok":true,"result":...,"consoleErrors":[...],"console":[...]}`
 * or `{"ok":false,"error":"..."}` (then exits with status 1). The options are runInPage's, minus
 * `onPage` (a function cannot cross processes; `screenshot` can). Chromium's absence is an error
 * here: check chromiumPath() first (./jest.ts does).
 *
 * Used by tools/browser/jest.ts (runInPageFromJest).
 */
import { runInPage } from './run-page.mjs';

const arg = process.argv[2];
try {
  if (arg === undefined) throw new Error('usage: run-page-cli.mjs \'{"entry": "page.ts", ...}\'');
  const run = await runInPage(JSON.parse(arg));
  process.stdout.write(`${JSON.stringify({ ok: true, ...run })}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) })}\n`);
  process.exitCode = 1;
}
