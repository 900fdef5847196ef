# Parity fixture of examples/ports/fashion-mnist-quickstart: runs the Python original
# (examples/ports/fashion-mnist-quickstart/quickstart.py, PyTorch's Quickstart tutorial) with real
# torch 1.13 and torchvision 0.14 on the synthetic FashionMNIST of examples/ports/data, passing
# --root, --epochs and --seed, and records every printed line per run into
# examples/ports/fashion-mnist-quickstart/test/fixtures/python-outputs.json.
# Usage: python3 tools/parity/ports_fashion_mnist_quickstart.py
import json
import os

import torch
import torchvision

from ports_mnist_common import run, tempdir, unpack

HERE = os.path.dirname(__file__)
PORT = os.path.join(HERE, '..', '..', 'examples', 'ports', 'fashion-mnist-quickstart')
RUNS = [['--epochs', '3', '--seed', '0'], ['--epochs', '1', '--seed', '7']]


def main():
    tmp = tempdir()
    unpack('FashionMNIST', os.path.join(tmp, 'data'))
    script = os.path.abspath(os.path.join(PORT, 'quickstart.py'))
    outputs = [{'args': args, 'lines': run(script, ['--root', os.path.join(tmp, 'data'), *args], tmp)} for args in RUNS]
    with open(os.path.join(PORT, 'test', 'fixtures', 'python-outputs.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'torchvision': torchvision.__version__, 'outputs': outputs}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
