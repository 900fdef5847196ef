/** Canvas drawing for the page: decision regions with the points, a loss curve, the digits grid. */

const CLASS0: [number, number, number] = [245, 158, 11];
const CLASS1: [number, number, number] = [37, 99, 235];
const WRONG = '#dc2626';

/** The canvas's 2-D context scaled for the screen's pixel density; returns it with the CSS size. */
export function context2d(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const width = Number(canvas.dataset.width ?? canvas.width), height = Number(canvas.dataset.height ?? canvas.height);
  if (canvas.dataset.width === undefined) {
    const dpr = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
    canvas.dataset.width = String(width);
    canvas.dataset.height = String(height);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.width = width * dpr;
    canvas.height = height * dpr;
  }
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2-D canvas context');
  ctx.setTransform(canvas.width / width, 0, 0, canvas.height / height, 0, 0);
  return { ctx, width, height };
}

function mix(p: number, light: number): [number, number, number] {
  // blend the two class colours by probability, then towards white so the points stand out
  return [0, 1, 2].map((i) => {
    const c = CLASS0[i]! * (1 - p) + CLASS1[i]! * p;
    return Math.round(c + (255 - c) * light);
  }) as [number, number, number];
}

export interface Scatter {
  points: Float32Array;
  labels: Uint8Array;
  bounds: [number, number, number, number];
}

/** The class-1 probability over a size x size grid (row 0 at the top), then the points. */
export function drawRegions(canvas: HTMLCanvasElement, scatter: Scatter, grid: Float32Array | null, size: number): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  if (grid !== null) {
    const image = new ImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const p = grid[i]!;
      const [r, g, b] = mix(p, 0.55 + 0.35 * (1 - Math.abs(2 * p - 1)));
      image.data.set([r, g, b, 255], i * 4);
    }
    const tile = new OffscreenCanvas(size, size);
    tile.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(tile, 0, 0, width, height);
  }
  const [x0, x1, y0, y1] = scatter.bounds;
  for (let i = 0; i < scatter.labels.length; i++) {
    const px = ((scatter.points[2 * i]! - x0) / (x1 - x0)) * width;
    const py = ((y1 - scatter.points[2 * i + 1]!) / (y1 - y0)) * height;
    ctx.beginPath();
    ctx.arc(px, py, 3.6, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${(scatter.labels[i] === 1 ? CLASS1 : CLASS0).join(',')})`;
    ctx.fill();
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }
}

/** The losses against epochs, on a log scale spanning whole powers of ten. */
export function drawLoss(canvas: HTMLCanvasElement, epochs: number[], losses: number[], maxEpoch: number): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const left = 46, right = 12, top = 12, bottom = 28;
  const w = width - left - right, h = height - top - bottom;
  const logs = losses.filter((l) => l > 0 && Number.isFinite(l)).map(Math.log10);
  const hi = logs.length > 0 ? Math.ceil(Math.max(...logs)) : 1;
  const lo = Math.min(hi - 1, logs.length > 0 ? Math.floor(Math.min(...logs)) : -2);
  const yOf = (loss: number): number => top + ((hi - Math.log10(Math.max(loss, 10 ** lo))) / (hi - lo)) * h;
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#5d6b7e';
  ctx.strokeStyle = '#e5e9f0';
  ctx.lineWidth = 1;
  for (let k = lo; k <= hi; k++) {
    const y = yOf(10 ** k);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + w, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(k >= 0 ? String(10 ** k) : `1e${k}`, left - 6, y + 4);
  }
  ctx.textAlign = 'center';
  ctx.fillText('0', left, height - 8);
  ctx.fillText(String(maxEpoch), left + w, height - 8);
  ctx.fillText('epoch', left + w / 2, height - 8);
  if (epochs.length === 0) return;
  ctx.beginPath();
  epochs.forEach((e, i) => {
    const x = left + (e / maxEpoch) * w, y = yOf(losses[i]!);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.strokeStyle = '#ee4c2c';
  ctx.lineWidth = 2;
  ctx.stroke();
}

/** Test images (8x8, 0..1) in a grid, each with its prediction; wrong ones framed in red with the truth. */
export function drawDigits(canvas: HTMLCanvasElement, images: Float32Array, labels: Int32Array, predicted: Int32Array): number {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const cell = 48, pixel = 4, cols = Math.floor(width / cell), rows = Math.floor(height / cell);
  const shown = Math.min(labels.length, cols * rows);
  const tile = new ImageData(8, 8);
  const scratch = new OffscreenCanvas(8, 8);
  const sctx = scratch.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let i = 0; i < shown; i++) {
    for (let p = 0; p < 64; p++) {
      const v = Math.round(255 * (1 - images[i * 64 + p]!));
      tile.data.set([v, v, v, 255], p * 4);
    }
    sctx.putImageData(tile, 0, 0);
    const x = (i % cols) * cell + (cell - 8 * pixel) / 2, y = Math.floor(i / cols) * cell + 2;
    ctx.drawImage(scratch, x, y, 8 * pixel, 8 * pixel);
    const wrong = predicted[i] !== labels[i];
    if (wrong) {
      ctx.strokeStyle = WRONG;
      ctx.lineWidth = 2;
      ctx.strokeRect(x - 1, y - 1, 8 * pixel + 2, 8 * pixel + 2);
    }
    ctx.fillStyle = wrong ? WRONG : '#1c2430';
    ctx.fillText(wrong ? `${predicted[i]} (${labels[i]})` : String(predicted[i]), x + 4 * pixel, y + 8 * pixel + 12);
  }
  return shown;
}
