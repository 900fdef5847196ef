"""Writes packages/trainer/test/fixtures/pyformat.json: Python's '%.Nf' / '%.Ne' / '%d' of many
doubles (ties, float32 values, extremes) and NumPy's str() of integer and bool arrays.

    /usr/bin/python3 tools/parity/trainer_format_fixtures.py
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'trainer', 'test', 'fixtures', 'pyformat.json')

rng = np.random.default_rng(1234)
values = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, -0.125, 0.0625, 1e-7, 5e-5, 0.00005, 0.99995,
          0.99994999, 9.9995, 123456789.125, 1e15 + 0.5, 2.0 ** 53, 1e22, 1.7976931348623157e308,
          5e-324, 2.2250738585072014e-308, 1 / 3, 2 / 3, 5 / 6, 0.8333, 1.0, 10.0, 99.5, 0.05, 0.15,
          0.25, 0.35, 0.45, 0.55, 1.005, 2.675, 1.0005, 0.12345, 0.54478, 1e-300, 123.456e-20]
# float32 values as doubles (what loss.item() returns), uniform over magnitudes.
for v in rng.standard_normal(150) * 10.0 ** rng.integers(-6, 6, 150):
    values.append(float(np.float32(v)))
# Exact ties at 4 and 3 decimals: k/2 * 10^-n is a tie only when the binary value is exact.
for k in range(1, 200, 7):
    values.append(k / 32.0)
    values.append(-k / 64.0)
values += list(rng.uniform(-2, 2, 50))

def fmt(spec):
    return [spec % v for v in values]

fixture = {
    'values': [struct.unpack('<Q', struct.pack('<d', v))[0].__str__() for v in values],
    'f': {str(n): fmt('%%.%df' % n) for n in (0, 1, 2, 3, 4, 6, 10)},
    'e': {str(n): fmt('%%.%de' % n) for n in (0, 1, 3, 4, 6)},
    'd': ['%d' % v for v in values if abs(v) < 1e300],
    'dValues': [struct.unpack('<Q', struct.pack('<d', v))[0].__str__() for v in values if abs(v) < 1e300],
    'misc': [
        ['%5.2f|%-8.3f|%+d|% d|%05d|%s|%%|%e', [3.14159, 2.5, 7, 7, -42, 'hi', 1234.5],
         '%5.2f|%-8.3f|%+d|% d|%05d|%s|%%|%e' % (3.14159, 2.5, 7, 7, -42, 'hi', 1234.5)],
        ['%08.3f|%+.2f|%10s|%-4d|', [-3.14159, 0.005, 'abc', 3],
         '%08.3f|%+.2f|%10s|%-4d|' % (-3.14159, 0.005, 'abc', 3)],
    ],
}

arrays = [
    np.array([0, 1, 2, 0, 0, 2]),
    np.array([5]),
    np.array(7),
    np.array([], dtype=np.int64),
    np.array([-1, 10, 200, -3000]),
    np.arange(30) * 1234567,
    np.arange(1001),
    np.arange(5000).reshape(50, 100),
    np.arange(24).reshape(2, 3, 4) - 12,
    np.arange(2000).reshape(2, 10, 100),
    np.array([True, False, True]),
    np.array([[True], [False]]),
    np.zeros((2, 0), dtype=np.int64),
    np.arange(80).reshape(4, 20) * 1000,
]
fixture['numpy'] = [{'shape': list(a.shape), 'dtype': 'bool' if a.dtype == bool else 'int32',
                     'data': [int(v) for v in a.reshape(-1)], 'str': str(a)} for a in arrays]
with open(OUT, 'w') as f:
    json.dump(fixture, f)
    f.write('\n')
print('wrote', os.path.relpath(OUT), len(values), 'values')
