/** Without the addon (not built, or TORCHLET_NATIVE=0) importing the package changes nothing. */
import './no-native-env';
import { backendName, matmul, tensor } from '@torchlet/core';
import {
  getNumThreads, isNativeAvailable, nativeLoadError, registerNativeBackend, setNumThreads,
} from '@torchlet/native';

test('the package loads, reports why, and leaves the backend alone', () => {
  expect(isNativeAvailable()).toBe(false);
  expect(nativeLoadError()).toBe('disabled by TORCHLET_NATIVE=0');
  expect(registerNativeBackend()).toBe(false);
  expect(backendName()).not.toBe('native');
  expect(matmul(tensor([[1, 2]]), tensor([[3], [4]])).tolist()).toEqual([[11]]);
});

test('thread settings name the missing backend', () => {
  expect(() => getNumThreads()).toThrow('getNumThreads: the native backend is not available (disabled by TORCHLET_NATIVE=0)');
  expect(() => setNumThreads(2)).toThrow('setNumThreads: the native backend is not available');
  expect(() => setNumThreads(0)).toThrow('set_num_threads expects a positive integer');
});
