/**
 * The native backend runs the shared Backend conformance spec (packages/core/test/backend-spec.ts)
 * against the js oracle, as the core backends do. Its own guarantees beyond the spec (every
 * sgemm kernel, threads, bit-exact specials) are in kernels.test.ts.
 */
import { getBackend } from '@torchlet/core/backend';
import { isNativeAvailable, nativeLoadError } from '@torchlet/native';
import { runBackendConformance } from '../../core/test/backend-spec';

const required = process.env['CI'] === 'true' || process.env['TORCHLET_NATIVE_REQUIRED'] === '1';
const available = isNativeAvailable();

test('the addon is built where a compiler is present (CI)', () => {
  if (required && !available) throw new Error(`native addon unavailable: ${nativeLoadError()}`);
  expect(available || nativeLoadError() !== null).toBe(true);
});

if (available) {
  runBackendConformance(getBackend('native'));
} else {
  // Not built here (no compiler, or TORCHLET_NATIVE=0): the spec has nothing to run on.
  test.skip(`shared conformance spec on 'native' (addon unavailable: ${nativeLoadError()})`, () => undefined);
}
