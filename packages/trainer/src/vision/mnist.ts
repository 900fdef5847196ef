/**
 * torchvision.datasets.MNIST and FashionMNIST: torchvision's folder layout
 * (`root/MNIST/raw/train-images-idx3-ubyte`, also read gzip-compressed as `...-ubyte.gz`), its
 * mirrors and md5 checks for `download: true`, and its errors. Samples are `[image, label]`:
 * the image a HxW integer tensor with values 0..255 (torchvision's PIL image; `ToTensor` makes it
 * float32 1xHxW), the label a number, each through `transform` / `targetTransform` when given.
 * Files are read in the constructor (Node only: the fs and zlib modules load when called).
 */
import { tensor, type Tensor } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Dataset, checkIndex } from '../data/dataset';
import { parseIdx } from './idx';
import { downloadSync, fs, gunzip, md5, path } from './node-io';

/** The keyword arguments of MNIST and FashionMNIST (torchvision's, camelCased). */
export interface MNISTOptions<I = Tensor, T = number> {
  /** Root directory: the files are in `root/<ClassName>/raw/`. */
  root?: string;
  /** The training split (default) or the test split (`t10k-*`). */
  train?: boolean;
  /** Applied to each image (a HxW integer tensor), e.g. `new transforms.ToTensor()`. */
  transform?: ((img: Tensor) => I) | null;
  /** Applied to each label (a number). */
  targetTransform?: ((target: number) => T) | null;
  /** Download the files from the class's `mirrors` when they are missing (md5-checked). */
  download?: boolean;
}

const KEYS = ['root', 'train', 'transform', 'targetTransform', 'download'];

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images, 28x28 (torchvision's
 * `datasets.MNIST`).
 * @example
 * const train = new datasets.MNIST('../data', { train: true, download: true, transform: new transforms.ToTensor() });
 * const [img, label] = train.getItem(0); // img: float32 [1, 28, 28]
 */
export class MNIST<I = Tensor, T = number> extends Dataset<[I, T]> {
  /** Where `download` fetches the files from, tried in order (as torchvision's `MNIST.mirrors`). */
  static mirrors: string[] = ['http://yann.lecun.com/exdb/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'];
  /** The files and their md5 sums. */
  static resources: readonly (readonly [file: string, md5: string])[] = [
    ['train-images-idx3-ubyte.gz', 'f68b3c2dcbeaaa9fbdd348bbdeb94873'],
    ['train-labels-idx1-ubyte.gz', 'd53e105ee54ea40749a09fcbcd1e9432'],
    ['t10k-images-idx3-ubyte.gz', '9fb629c4189551a2d022fa330f9573f3'],
    ['t10k-labels-idx1-ubyte.gz', 'ec29112dd5afa0611ce80d1b7f02629c'],
  ];
  /** The class names, label order. */
  static classes: readonly string[] = [
    '0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine',
  ];

  /** The dataset root given. */
  readonly root: string;
  /** The training split (true) or the test split. */
  readonly train: boolean;
  /** Applied to each image, or null. */
  readonly transform: ((img: Tensor) => I) | null;
  /** Applied to each label, or null. */
  readonly targetTransform: ((target: number) => T) | null;
  /** The images, [N, 28, 28], values 0..255 (uint8 in torchvision). */
  readonly data: Tensor;
  /** The labels, [N] (int64 in torchvision: `torch.long`). */
  readonly targets: Tensor;
  /** The number of samples (Python's `len(dataset)`). */
  readonly length: number;

  /**
   * `new MNIST(root, {train, transform, targetTransform, download})` (torchvision's positional
   * root) or `new MNIST({root, ...})`.
   */
  constructor(root: string | MNISTOptions<I, T>, options: MNISTOptions<I, T> = {}) {
    super();
    const name = new.target.name;
    const opts = typeof root === 'string' ? { ...options, root } : root;
    checkOptions(name, opts, KEYS);
    if (typeof opts.root !== 'string') throw new TypeError(`${name}() missing required argument: 'root'`);
    this.root = opts.root;
    this.train = opts.train ?? true;
    this.transform = opts.transform ?? null;
    this.targetTransform = opts.targetTransform ?? null;
    if (opts.download === true) this.download();
    if (!this.checkExists()) throw new Error('Dataset not found. You can use download=True to download it');
    [this.data, this.targets] = this.loadData();
    this.length = this.data.shape[0]!;
  }

  /** The class names, label order (`dataset.classes[label]`). */
  get classes(): readonly string[] {
    return (this.constructor as typeof MNIST).classes;
  }

  /** `{className: label}`. */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** `root/<ClassName>/raw`. */
  get rawFolder(): string {
    return path().join(this.root, this.constructor.name, 'raw');
  }

  /** `[image, label]`, each through its transform. */
  getItem(index: number): [I, T] {
    const i = checkIndex(index, this.length);
    const img = this.data.index(i);
    const target = Number(this.targets.index(i).item());
    return [
      (this.transform === null ? img : this.transform(img)) as I,
      (this.targetTransform === null ? target : this.targetTransform(target)) as T,
    ];
  }

  /** Fetches the missing files from the mirrors (md5-checked) and unpacks them; nothing when all are there. */
  download(): void {
    if (this.checkExists()) return;
    const raw = this.rawFolder;
    fs().mkdirSync(raw, { recursive: true });
    const cls = this.constructor as typeof MNIST;
    for (const [filename, sum] of cls.resources) {
      const gz = path().join(raw, filename);
      let done = false;
      for (const mirror of cls.mirrors) {
        const url = `${mirror}${filename}`;
        console.log(`Downloading ${url}`);
        try {
          console.log(`Downloading ${url} to ${gz}`);
          downloadSync(url, gz);
        } catch (err) {
          console.log(`Failed to download (trying next):\n${err instanceof Error ? err.message : String(err)}`);
          console.log();
          continue;
        }
        const got = md5(fs().readFileSync(gz));
        if (got !== sum) throw new Error(`File not found or corrupted. (${gz}: md5 ${got}, expected ${sum})`);
        const out = gz.replace(/\.gz$/, '');
        console.log(`Extracting ${gz} to ${raw}`);
        fs().writeFileSync(out, gunzip(fs().readFileSync(gz)));
        console.log();
        done = true;
        break;
      }
      if (!done) throw new Error(`Error downloading ${filename}`);
    }
  }

  private fileOf(base: string): string | null {
    const plain = path().join(this.rawFolder, base);
    if (fs().existsSync(plain)) return plain;
    return fs().existsSync(`${plain}.gz`) ? `${plain}.gz` : null;
  }

  private checkExists(): boolean {
    const cls = this.constructor as typeof MNIST;
    return cls.resources.every(([file]) => this.fileOf(file.replace(/\.gz$/, '')) !== null);
  }

  private read(base: string, ndim: number): { shape: readonly number[]; data: Uint8Array } {
    const file = this.fileOf(base)!;
    const bytes = fs().readFileSync(file);
    return parseIdx(file.endsWith('.gz') ? gunzip(bytes) : bytes, ndim, file);
  }

  private loadData(): [Tensor, Tensor] {
    const split = this.train ? 'train' : 't10k';
    const images = this.read(`${split}-images-idx3-ubyte`, 3);
    const labels = this.read(`${split}-labels-idx1-ubyte`, 1);
    if (labels.shape[0] !== images.shape[0]) {
      throw new Error(`${this.rawFolder}: ${images.shape[0]} images but ${labels.shape[0]} labels`);
    }
    return [tensor(images.data).view(...images.shape), tensor(labels.data).long()];
  }
}

/**
 * Zalando's Fashion-MNIST: 28x28 grayscale images of 10 kinds of clothing, MNIST's layout
 * (torchvision's `datasets.FashionMNIST`).
 * @example
 * const trainingData = new datasets.FashionMNIST({ root: 'data', train: true, download: true, transform: new transforms.ToTensor() });
 */
export class FashionMNIST<I = Tensor, T = number> extends MNIST<I, T> {
  /** Where `download` fetches the files from. */
  static override mirrors: string[] = ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'];
  /** The files and their md5 sums. */
  static override resources: readonly (readonly [file: string, md5: string])[] = [
    ['train-images-idx3-ubyte.gz', '8d4fb7e6c68d591d4c3dfef9ec88bf0d'],
    ['train-labels-idx1-ubyte.gz', '25c81989df183df01b3e8a0aad5dffbe'],
    ['t10k-images-idx3-ubyte.gz', 'bef4ecab320f06d8554ea6380940ec79'],
    ['t10k-labels-idx1-ubyte.gz', 'bb300cfdad3c16e7a12a480ee83cd310'],
  ];
  /** The class names, label order. */
  static override classes: readonly string[] = [
    'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
  ];
}
