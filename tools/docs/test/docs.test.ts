/**
 * The API reference builds clean: TypeDoc (typedoc.json, as `npm run docs`) reports no warning,
 * so every exported symbol is documented and every {@link} resolves. Runs tools/docs/check.mjs in
 * a child process because TypeDoc is an ES module.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

test('TypeDoc validation: every exported symbol documented, no warnings', () => {
  const run = spawnSync(process.execPath, ['tools/docs/check.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const output = `${run.stdout}\n${run.stderr}`;
  // Every package in scope had declarations to check (a wrong package name checks nothing).
  expect(output).toMatch(/@torchlet\/core [1-9]\d*, @torchlet\/nn [1-9]\d*, @torchlet\/optim [1-9]\d*, @torchlet\/trainer [1-9]\d*/);
  // On failure the warnings themselves are the message.
  expect(output.split('\n').filter((l) => /warning|error/i.test(l) && !l.startsWith('docs: 0 errors, 0 warnings'))).toEqual([]);
  expect(run.status).toBe(0);
}, 120_000);
