/**
 * The shared conformance spec (backend-spec.ts) on every core backend: js itself (strided
 * outputs and the memory methods against the spec's own expectations), 'wasm' and 'auto'.
 * @torchlet/native runs the same spec on 'native'.
 */
import { backendNames } from '@torchlet/core';
import { getBackend } from '@torchlet/core/backend';
import { runBackendConformance } from './backend-spec';

const names = backendNames();
for (const name of names) runBackendConformance(getBackend(name));

test('the backends under test include WebAssembly', () => {
  expect(names).toEqual(expect.arrayContaining(['wasm', 'auto']));
});
