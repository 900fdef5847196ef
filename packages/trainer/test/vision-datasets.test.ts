/**
 * torchvision's datasets.MNIST / FashionMNIST over files in torchvision's layout (written here:
 * uncompressed and gzip-compressed), their errors, and their samples through a DataLoader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'torchlet';
import { DataLoader, datasets, transforms } from '@torchlet/trainer';
import { idx, writeDataset } from './vision-idx';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vision-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('datasets.MNIST and FashionMNIST', () => {
  it.each([false, true])('reads root/MNIST/raw (gzip: %s): data, targets, classes, length, [image, label]', (gz) => {
    writeDataset(root, 'MNIST', { train: 12, t10k: 5 }, gz);
    const train = new datasets.MNIST(root, { train: true });
    expect(train.length).toBe(12);
    expect(train.data.shape).toEqual([12, 28, 28]);
    expect(train.data.index(2, 0, 5).item()).toBe(19); // (7 * 2 + 5) % 256
    expect(train.data.index(11, 27, 27).item()).toBe((77 + 783) % 256);
    expect(train.targets.dtype).toBe(torch.long);
    expect(train.targets.tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(train.classes[3]).toBe('3 - three');
    expect(train.classToIdx['9 - nine']).toBe(9);
    const [img, label] = train.getItem(-1);
    expect(img.shape).toEqual([28, 28]);
    expect(img.index(0, 1).item()).toBe(78);
    expect(label).toBe(1);
    expect(() => train.getItem(12)).toThrow('index 12 is out of bounds for dimension 0 with size 12');
    const test = new datasets.MNIST({ root, train: false });
    expect([test.length, test.train, test.targets.tolist()]).toEqual([5, false, [0, 1, 2, 3, 4]]);
  });

  it('FashionMNIST reads root/FashionMNIST/raw and names its classes', () => {
    writeDataset(root, 'FashionMNIST', { train: 3, t10k: 2 }, true);
    const classes = datasets.FashionMNIST.classes;
    const ds = new datasets.FashionMNIST({ root, train: false, transform: new transforms.ToTensor(), targetTransform: (t: number) => classes[t] });
    expect(ds.rawFolder).toBe(join(root, 'FashionMNIST', 'raw'));
    const [img, name] = ds.getItem(1);
    expect([img.dtype, img.shape, name]).toEqual(['float32', [1, 28, 28], 'Trouser']);
    expect(img.index(0, 0, 3).item()).toBe(Math.fround(10 / 255));
    expect(datasets.FashionMNIST.classes).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  });

  it("batches through a DataLoader as PyTorch's: [N, 1, 28, 28] float32 and the labels", () => {
    writeDataset(root, 'MNIST', { train: 10, t10k: 1 });
    const ds = new datasets.MNIST(root, { transform: new transforms.ToTensor() });
    const loader = new DataLoader(ds, { batchSize: 4 });
    const batches = [...loader];
    expect(loader.dataset.length).toBe(10);
    expect(batches.map(([x, y]) => [x.shape, y.tolist()])).toEqual([
      [[4, 1, 28, 28], [0, 1, 2, 3]], [[4, 1, 28, 28], [4, 5, 6, 7]], [[2, 1, 28, 28], [8, 9]],
    ]);
  });

  it("says how to get missing files in torchvision's words, and refuses unknown keywords", () => {
    expect(() => new datasets.MNIST(root)).toThrow('Dataset not found. You can use download=True to download it');
    writeDataset(root, 'MNIST', { train: 1, t10k: 1 });
    const misspelt: object = { target_transform: null };
    expect(() => new datasets.MNIST(root, misspelt))
      .toThrow("MNIST() got an unexpected keyword argument 'target_transform' (did you mean 'targetTransform'?)");
    expect(() => new datasets.MNIST({})).toThrow("MNIST() missing required argument: 'root'");
  });

  it('a corrupt or truncated file is a clear error naming it', () => {
    const raw = writeDataset(root, 'MNIST', { train: 2, t10k: 1 });
    const file = join(raw, 'train-images-idx3-ubyte');
    writeFileSync(file, idx([2, 28, 28], new Uint8Array(2 * 784), 0x1234));
    expect(() => new datasets.MNIST(root)).toThrow(`${file} is not a valid IDX file: magic number 0x00001234 (expected 0x00000803)`);
    writeFileSync(file, idx([2, 28, 28], new Uint8Array(784)));
    expect(() => new datasets.MNIST(root)).toThrow(`${file} is not a valid IDX file: sizes [2, 28, 28] need 1584 bytes, the file has 800`);
    writeFileSync(file, idx([2, 784], new Uint8Array(2 * 784)));
    expect(() => new datasets.MNIST(root)).toThrow('2 dimensions, expected 3');
    writeFileSync(file, idx([3, 28, 28], new Uint8Array(3 * 784)));
    expect(() => new datasets.MNIST(root)).toThrow(`${raw}: 3 images but 2 labels`);
  });
});
