/**
 * The browser bundle imports nothing outside itself and reaches no Node API: the umbrella's browser
 * entry bundles for esbuild's 'neutral' platform, where a Node builtin (`node:fs`, `fs`) cannot
 * be resolved, so any import of one anywhere in torchlet or its dependencies fails the build (the
 * Node-only parts load their modules at call time through process.getBuiltinModule, which a
 * browser does not have). The control entries show such an import does fail.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFromJest } from '../../../tools/browser/jest';

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'torchlet-neutral-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the umbrella bundles with no Node builtins and no external imports', async () => {
  const { code, imports } = await bundleFromJest('packages/torchlet/src/index.ts', { platform: 'neutral' });
  expect(imports).toEqual([]);
  expect(code).toContain('export {');
}, 120_000);

test.each(['node:fs', 'fs', 'node:worker_threads'])('an import of %s fails the neutral build (the control)', async (name) => {
  const entry = join(dir, `${name.replace(':', '-')}.ts`);
  writeFileSync(entry, `import * as m from '${name}';\nexport const keys = Object.keys(m);\n`);
  await expect(bundleFromJest(entry, { platform: 'neutral' })).rejects.toThrow(`Could not resolve "${name}"`);
}, 60_000);
