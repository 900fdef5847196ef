# Writes the small synthetic stand-ins for MNIST and FashionMNIST that the ports
# (examples/ports/mnist, examples/ports/fashion-mnist-quickstart) and their Python originals read:
# examples/ports/data/{MNIST,FashionMNIST}/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz, in
# the exact IDX format torchvision reads (big-endian magic 0x00000803 / 0x00000801, then the sizes,
# then uint8 pixels / labels), gzip-compressed. 640 training and 200 test images per dataset.
# The machine has no internet and no real MNIST: each class is a fixed random blocky 28x28 template
# (a per-dataset seed), shifted by up to 2 pixels, with a few pixels of noise, so the nets learn
# something in a few epochs and the files stay small (gzip, fixed mtime: the same bytes every run).
# Usage: python3 tools/parity/ports_mnist_data.py
import gzip
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'ports', 'data')
SIZES = {'train': 640, 't10k': 200}


def templates(rng):
    blocks = rng.random((10, 7, 7)) < 0.35
    return np.kron(blocks, np.ones((4, 4), dtype=bool))


def images(rng, tpl, n):
    labels = rng.integers(0, 10, size=n).astype(np.uint8)
    out = np.zeros((n, 28, 28), dtype=np.uint8)
    for i, c in enumerate(labels):
        dy, dx = rng.integers(-2, 3, size=2)
        img = np.roll(np.roll(tpl[c], dy, axis=0), dx, axis=1).astype(np.int32) * 224
        noise = rng.random((28, 28)) < 0.04
        img[noise] = rng.integers(0, 16, size=int(noise.sum())) * 16
        out[i] = img.astype(np.uint8)
    return out, labels


def write_gz(path, payload):
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(payload)


def main():
    for name, seed in (('MNIST', 1307), ('FashionMNIST', 2860)):
        rng = np.random.default_rng(seed)
        tpl = templates(rng)
        raw = os.path.join(OUT, name, 'raw')
        os.makedirs(raw, exist_ok=True)
        for split, n in SIZES.items():
            imgs, labels = images(rng, tpl, n)
            write_gz(os.path.join(raw, f'{split}-images-idx3-ubyte.gz'), struct.pack('>IIII', 0x803, n, 28, 28) + imgs.tobytes())
            write_gz(os.path.join(raw, f'{split}-labels-idx1-ubyte.gz'), struct.pack('>II', 0x801, n) + labels.tobytes())


if __name__ == '__main__':
    main()
