"""Writes examples/tutorial/test/fixtures/python-outputs.json: the printed lines of
tutorial_manual.py and tutorial_auto.py (real PyTorch) for each seed, which the tutorial test
compares with our port line for line.

    /usr/bin/python3 tools/parity/tutorial_fixtures.py
"""
import json
import os
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'examples', 'tutorial', 'test', 'fixtures', 'python-outputs.json')
SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42, 1234, 2024, 31337, 123456789]


def run(part, seed):
    script = os.path.join(HERE, 'tutorial_%s.py' % part)
    out = subprocess.run([sys.executable, script, '--seed', str(seed)], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()


fixture = {
    'torch': torch.__version__,
    'scripts': ['tools/parity/tutorial_manual.py', 'tools/parity/tutorial_auto.py'],
    'outputs': [{'seed': s, 'manual': run('manual', s), 'auto': run('auto', s)} for s in SEEDS],
}
with open(OUT, 'w') as f:
    json.dump(fixture, f, indent=1, ensure_ascii=False)
    f.write('\n')
print('wrote', os.path.relpath(OUT), len(SEEDS), 'seeds')
