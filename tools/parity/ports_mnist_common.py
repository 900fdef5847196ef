# Shared by the MNIST ports' parity scripts: unpack the synthetic datasets of examples/ports/data
# (tools/parity/ports_mnist_data.py) into a temporary root as torchvision 0.14 wants them
# (uncompressed files in <root>/<Name>/raw; it checks those before any download), and run a
# Python original there, recording what it prints.
import gzip
import os
import shutil
import subprocess
import sys
import tempfile

DATA = os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'ports', 'data')


def unpack(name, root):
    raw = os.path.join(root, name, 'raw')
    os.makedirs(raw, exist_ok=True)
    for f in os.listdir(os.path.join(DATA, name, 'raw')):
        if f.endswith('.gz'):
            with gzip.open(os.path.join(DATA, name, 'raw', f)) as src, open(os.path.join(raw, f[:-3]), 'wb') as dst:
                shutil.copyfileobj(src, dst)


def run(script, args, cwd):
    """The script's printed lines (stdout split at newlines, the last empty one dropped)."""
    out = subprocess.run([sys.executable, script, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout
    lines = out.split('\n')
    if lines[-1] == '':
        lines.pop()
    return lines


def tempdir():
    return tempfile.mkdtemp(prefix='torchlet-ports-')
