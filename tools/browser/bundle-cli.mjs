/**
 * bundleWithInfo as a command, for jest tests (which cannot import ES modules):
 *
 *   node tools/browser/bundle-cli.mjs packages/torchlet/src/index.ts '{"minify":true}'
 *
 * Prints one JSON line: `{"ok":true,"code":"...","imports":[...]}`, or `{"ok":false,"error":"..."}`
 * with esbuild's messages (exit status 1), e.g. when platform 'neutral' meets a Node builtin.
 * Used by tools/browser/jest.ts (bundleFromJest).
 */
import { bundleWithInfo } from './bundle.mjs';

const [entry, json = '{}'] = process.argv.slice(2);
try {
  if (entry === undefined) throw new Error('usage: bundle-cli.mjs <entry> [\'{"minify":true,"platform":"neutral"}\']');
  const out = await bundleWithInfo(entry, JSON.parse(json));
  process.stdout.write(`${JSON.stringify({ ok: true, ...out })}\n`);
} catch (e) {
  const errors = e && typeof e === 'object' && 'errors' in e && Array.isArray(e.errors) ? e.errors.map((m) => m.text) : [];
  process.stdout.write(`${JSON.stringify({ ok: false, error: errors.length > 0 ? errors.join('\n') : String(e) })}\n`);
  process.exitCode = 1;
}
