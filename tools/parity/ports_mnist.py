# Parity fixture of examples/ports/mnist: runs the Python original (examples/ports/mnist/main.py,
# pytorch/examples' MNIST, unchanged) with real torch 1.13 and torchvision 0.14 on the synthetic
# MNIST of examples/ports/data (unpacked to <tmp>/data; the script runs in <tmp>/work, so its
# '../data' is that root), and records every printed line per command line into
# examples/ports/mnist/test/fixtures/python-outputs.json.
# Usage: python3 tools/parity/ports_mnist.py
import json
import os

import torch
import torchvision

from ports_mnist_common import run, tempdir, unpack

HERE = os.path.dirname(__file__)
PORT = os.path.join(HERE, '..', '..', 'examples', 'ports', 'mnist')
RUNS = [
    ['--dry-run', '--epochs', '2', '--seed', '3', '--batch-size', '32', '--test-batch-size', '100', '--lr', '0.5', '--gamma', '0.5'],
    ['--epochs', '1', '--log-interval', '2'],
]


def main():
    tmp = tempdir()
    unpack('MNIST', os.path.join(tmp, 'data'))
    work = os.path.join(tmp, 'work')
    os.makedirs(work)
    script = os.path.abspath(os.path.join(PORT, 'main.py'))
    outputs = [{'args': args, 'lines': run(script, args, work)} for args in RUNS]
    with open(os.path.join(PORT, 'test', 'fixtures', 'python-outputs.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'torchvision': torchvision.__version__, 'outputs': outputs}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
