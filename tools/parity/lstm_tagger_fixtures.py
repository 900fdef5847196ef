"""Writes examples/lstm-tagger/test/fixtures/python-outputs.json: the printed lines of
lstm_tagger.py (and of lstm_tagger_chars.py, the tutorial's character-level exercise, when it
exists) with real PyTorch for each seed, which the example's test compares with the port.

    /usr/bin/python3 tools/parity/lstm_tagger_fixtures.py
"""
import json
import os
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'examples', 'lstm-tagger', 'test', 'fixtures', 'python-outputs.json')
SEEDS = [0, 1, 42]
SCRIPTS = {'words': 'lstm_tagger.py', 'chars': 'lstm_tagger_chars.py'}


def run(script, seed):
    path = os.path.join(HERE, script)
    out = subprocess.run([sys.executable, path, '--seed', str(seed)], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()


scripts = {k: v for k, v in SCRIPTS.items() if os.path.exists(os.path.join(HERE, v))}
fixture = {
    'torch': torch.__version__,
    'scripts': ['tools/parity/' + v for v in scripts.values()],
    'outputs': [dict({'seed': s}, **{k: run(v, s) for k, v in scripts.items()}) for s in SEEDS],
}
with open(OUT, 'w') as f:
    json.dump(fixture, f, indent=1)
    f.write('\n')
print('wrote', os.path.relpath(OUT), len(SEEDS), 'seeds,', ', '.join(scripts))
