/**
 * What `env.render()` returns: a drawable description in world coordinates (y up), independent
 * of any canvas. `drawFrame` paints it on a 2-D canvas context (browser or OffscreenCanvas);
 * `frameToSvg` writes it as an SVG string (Node reports, tests).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { describeValue } from './internal/describe-value';

export type Shape =
  | { readonly type: 'polygon'; readonly points: readonly number[]; readonly fill?: string; readonly stroke?: string; readonly lineWidth?: number }
  | { readonly type: 'polyline'; readonly points: readonly number[]; readonly stroke: string; readonly lineWidth?: number }
  | { readonly type: 'circle'; readonly x: number; readonly y: number; readonly radius: number; readonly fill?: string; readonly stroke?: string; readonly lineWidth?: number }
  | {
      /** A capsule (MuJoCo's capsule geom in side view): a segment thickened by `radius`. */
      readonly type: 'capsule';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly radius: number;
      readonly fill: string;
    };

export interface RenderFrame {
  /** The world window to show: [xMin, xMax] × [yMin, yMax], y up. */
  readonly bounds: { readonly xMin: number; readonly xMax: number; readonly yMin: number; readonly yMax: number };
  /** Painted in order, later on top. Line widths are in world units. */
  readonly shapes: readonly Shape[];
  /** Background colour (CSS); default white. */
  readonly background?: string;
}

/** The subset of CanvasRenderingContext2D that drawFrame uses. */
export interface CanvasLike {
  readonly canvas: { readonly width: number; readonly height: number };
  save(): void;
  restore(): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
}

const SHAPE_TYPES = ['polygon', 'polyline', 'circle', 'capsule'];

/** A frame as env.render() returns it: finite bounds with xMin < xMax and yMin < yMax, shapes of the known types. */
function checkFrame(where: string, frame: unknown): asserts frame is RenderFrame {
  const allowed = 'a RenderFrame from env.render(): { bounds: { xMin < xMax, yMin < yMax }, shapes: [...], background? }';
  if (typeof frame !== 'object' || frame === null) throw new ArgumentError(`${where} frame`, `got ${describeValue(frame)}`, allowed);
  const { bounds, shapes } = frame as Partial<RenderFrame>;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!bounds || !finite(bounds.xMin) || !finite(bounds.xMax) || !finite(bounds.yMin) || !finite(bounds.yMax) || !(bounds.xMin < bounds.xMax) || !(bounds.yMin < bounds.yMax)) {
    throw new ArgumentError(`${where} frame.bounds`, `got ${describeValue(bounds)}`, 'finite xMin < xMax and yMin < yMax');
  }
  if (!Array.isArray(shapes)) throw new ArgumentError(`${where} frame.shapes`, `got ${describeValue(shapes)}`, 'an array of shapes');
  const bad = shapes.findIndex((shape: unknown) => typeof shape !== 'object' || shape === null || !SHAPE_TYPES.includes((shape as { type?: string }).type as string));
  if (bad >= 0) throw new ArgumentError(`${where} frame.shapes[${bad}]`, `got ${describeValue(shapes[bad])}`, `a shape of type ${SHAPE_TYPES.join(', ')}`);
}

function checkSize(where: string, width: unknown, height: unknown): void {
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ArgumentError(`${where} ${name}`, `got ${describeValue(v)}`, 'a finite number > 0');
  }
}

function transform(frame: RenderFrame, width: number, height: number) {
  const { xMin, xMax, yMin, yMax } = frame.bounds;
  const scale = Math.min(width / (xMax - xMin), height / (yMax - yMin));
  const offsetX = (width - scale * (xMax - xMin)) / 2 - scale * xMin;
  const offsetY = (height - scale * (yMax - yMin)) / 2 + scale * yMax;
  return { scale, offsetX, offsetY };
}

/**
 * Paints a frame, fitted (aspect kept) into the whole canvas.
 * @example drawFrame(canvas.getContext('2d')!, env.render());
 */
export function drawFrame(ctx: CanvasLike, frame: RenderFrame): void {
  if (typeof ctx !== 'object' || ctx === null || typeof ctx.canvas !== 'object' || ctx.canvas === null || typeof ctx.setTransform !== 'function') {
    throw new ArgumentError('drawFrame ctx', `got ${describeValue(ctx)}`, "a 2-D canvas context (canvas.getContext('2d'), OffscreenCanvas too)");
  }
  checkFrame('drawFrame', frame);
  const { width, height } = ctx.canvas;
  checkSize('drawFrame canvas', width, height);
  const { scale, offsetX, offsetY } = transform(frame, width, height);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = frame.background ?? '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.setTransform(scale, 0, 0, -scale, offsetX, offsetY);
  ctx.lineCap = 'round';
  const path = (points: readonly number[]) => {
    ctx.beginPath();
    for (let i = 0; i + 1 < points.length; i += 2) (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, points[i] as number, points[i + 1] as number);
  };
  for (const s of frame.shapes) {
    if (s.type === 'polygon') {
      path(s.points);
      ctx.closePath();
      if (s.fill) {
        ctx.fillStyle = s.fill;
        ctx.fill();
      }
      if (s.stroke) {
        ctx.strokeStyle = s.stroke;
        ctx.lineWidth = s.lineWidth ?? 1 / scale;
        ctx.stroke();
      }
    } else if (s.type === 'polyline') {
      path(s.points);
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = s.lineWidth ?? 1 / scale;
      ctx.stroke();
    } else if (s.type === 'circle') {
      ctx.beginPath();
      ctx.arc(s.x, s.y, s.radius, 0, 2 * Math.PI);
      if (s.fill) {
        ctx.fillStyle = s.fill;
        ctx.fill();
      }
      if (s.stroke) {
        ctx.strokeStyle = s.stroke;
        ctx.lineWidth = s.lineWidth ?? 1 / scale;
        ctx.stroke();
      }
    } else {
      ctx.beginPath();
      ctx.moveTo(s.x1, s.y1);
      ctx.lineTo(s.x2, s.y2);
      ctx.strokeStyle = s.fill;
      ctx.lineWidth = 2 * s.radius;
      ctx.stroke();
    }
  }
  ctx.restore();
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
const num = (v: number) => Number(v.toFixed(4)).toString();

/**
 * The frame as a standalone SVG document of the given pixel size.
 * @example writeFileSync('cartpole.svg', frameToSvg(env.render(), { width: 600, height: 400 }));
 */
export function frameToSvg(frame: RenderFrame, size: { width: number; height: number } = { width: 600, height: 400 }): string {
  checkFrame('frameToSvg', frame);
  checkOptions('frameToSvg size', size, ['width', 'height']);
  const { width, height } = size ?? {};
  checkSize('frameToSvg size', width, height);
  const { scale, offsetX, offsetY } = transform(frame, width, height);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${esc(frame.background ?? '#ffffff')}"/>`,
    `<g transform="matrix(${num(scale)} 0 0 ${num(-scale)} ${num(offsetX)} ${num(offsetY)})" stroke-linecap="round">`,
  ];
  const pts = (p: readonly number[]) => {
    const pairs: string[] = [];
    for (let i = 0; i + 1 < p.length; i += 2) pairs.push(`${num(p[i] as number)},${num(p[i + 1] as number)}`);
    return pairs.join(' ');
  };
  const paint = (fill?: string, stroke?: string, lineWidth?: number) =>
    `fill="${fill ? esc(fill) : 'none'}"${stroke ? ` stroke="${esc(stroke)}" stroke-width="${num(lineWidth ?? 1 / scale)}"` : ''}`;
  for (const s of frame.shapes) {
    if (s.type === 'polygon') out.push(`<polygon points="${pts(s.points)}" ${paint(s.fill, s.stroke, s.lineWidth)}/>`);
    else if (s.type === 'polyline') out.push(`<polyline points="${pts(s.points)}" ${paint(undefined, s.stroke, s.lineWidth)}/>`);
    else if (s.type === 'circle') out.push(`<circle cx="${num(s.x)}" cy="${num(s.y)}" r="${num(s.radius)}" ${paint(s.fill, s.stroke, s.lineWidth)}/>`);
    else out.push(`<line x1="${num(s.x1)}" y1="${num(s.y1)}" x2="${num(s.x2)}" y2="${num(s.y2)}" stroke="${esc(s.fill)}" stroke-width="${num(2 * s.radius)}"/>`);
  }
  out.push('</g></svg>');
  return out.join('\n');
}
