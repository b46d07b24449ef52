/**
 * Room layouts in CreateMixStream's vocabulary: a box per mic with `FillPositionNormalized` [x, y],
 * `FillSizeNormalized` [w, h] (fractions of the output) and `PositionRefer`, the box's point the position
 * names (topLeft, center, …; the Caster API's list: ApsaraVideo Live documents no list for MixStream).
 * CreateMixStream's own presets cover 1-4 inputs and are drawn only as pictures
 * (docs/research/live-mux/apsaravideo-live-facts.md §3), so the presets here are our own, for 1-9 mics:
 * `grid` (equal tiles) and `speaker` (the host large, co-hosts in a column).
 */

import { MAX_MICS } from './settings';

export { MAX_MICS };

export type PositionRefer =
  | 'topLeft'
  | 'topRight'
  | 'bottomLeft'
  | 'bottomRight'
  | 'center'
  | 'topCenter'
  | 'bottomCenter'
  | 'leftCenter'
  | 'rightCenter';

export interface LayoutBox {
  fillPositionNormalized: [number, number];
  fillSizeNormalized: [number, number];
  /** @default 'topLeft' */
  positionRefer?: PositionRefer;
}

export type LayoutPreset = 'grid' | 'speaker';
/** A preset, or one box per mic in mic order (the host first). */
export type Layout = { preset: LayoutPreset } | { boxes: LayoutBox[] };

/** A tile in output pixels (even numbers, as yuv420p needs), for the mic in `order`. */
export interface Tile {
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The boxes of a preset for `mics` mics (1 to MAX_MICS). */
export function presetBoxes(preset: LayoutPreset, mics: number): LayoutBox[] {
  if (!Number.isInteger(mics) || mics < 1 || mics > MAX_MICS) throw new RangeError(`mics must be 1-${MAX_MICS}, got ${mics}`);
  if (preset === 'speaker' && mics > 1) {
    const side = mics - 1;
    const host: LayoutBox = { fillPositionNormalized: [0, 0], fillSizeNormalized: [0.75, 1] };
    const rows = Array.from(
      { length: side },
      (_, i): LayoutBox => ({
        fillPositionNormalized: [0.75, i / side],
        fillSizeNormalized: [0.25, 1 / side],
      }),
    );
    return [host, ...rows];
  }
  const cols = Math.ceil(Math.sqrt(mics));
  const rows = Math.ceil(mics / cols);
  return Array.from(
    { length: mics },
    (_, i): LayoutBox => ({
      fillPositionNormalized: [(i % cols) / cols, Math.floor(i / cols) / rows],
      fillSizeNormalized: [1 / cols, 1 / rows],
    }),
  );
}

/** What is wrong with a layout for `mics` mics, one line each (empty when it is fine). */
export function layoutProblems(layout: Layout, mics: number): string[] {
  if ('preset' in layout) return layout.preset === 'grid' || layout.preset === 'speaker' ? [] : [`preset must be grid or speaker`];
  const problems: string[] = [];
  if (!Array.isArray(layout.boxes) || layout.boxes.length === 0 || layout.boxes.length > MAX_MICS) {
    return [`boxes must be 1-${MAX_MICS} boxes`];
  }
  if (layout.boxes.length < mics) problems.push(`boxes has ${layout.boxes.length} boxes for ${mics} mics`);
  layout.boxes.forEach((box, i) => {
    const pair = (v: unknown, min: number) => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && n >= min && n <= 1);
    if (!pair(box.fillPositionNormalized, 0)) problems.push(`boxes[${i}].fillPositionNormalized must be [x, y], each 0-1`);
    if (!pair(box.fillSizeNormalized, 0.01)) problems.push(`boxes[${i}].fillSizeNormalized must be [w, h], each 0.01-1`);
    if (box.positionRefer !== undefined && !(box.positionRefer in ANCHORS)) {
      problems.push(`boxes[${i}].positionRefer must be one of ${Object.keys(ANCHORS).join(', ')}`);
    }
  });
  return problems;
}

/** The boxes a layout gives `mics` mics. */
export function layoutBoxes(layout: Layout, mics: number): LayoutBox[] {
  return 'preset' in layout ? presetBoxes(layout.preset, Math.max(1, mics)) : layout.boxes.slice(0, mics);
}

/** Fractions of the box from its top-left corner to the point each PositionRefer names. */
const ANCHORS: Record<PositionRefer, [number, number]> = {
  topLeft: [0, 0],
  topCenter: [0.5, 0],
  topRight: [1, 0],
  leftCenter: [0, 0.5],
  center: [0.5, 0.5],
  rightCenter: [1, 0.5],
  bottomLeft: [0, 1],
  bottomCenter: [0.5, 1],
  bottomRight: [1, 1],
};

const even = (n: number) => 2 * Math.round(n / 2);

/** Tiles in pixels of an output `width` × `height`, clipped to it. */
export function tilesFor(boxes: readonly LayoutBox[], width: number, height: number): Tile[] {
  return boxes.map((box, order) => {
    const [ax, ay] = ANCHORS[box.positionRefer ?? 'topLeft'];
    const w = Math.max(2, Math.min(width, even(box.fillSizeNormalized[0] * width)));
    const h = Math.max(2, Math.min(height, even(box.fillSizeNormalized[1] * height)));
    const x = Math.min(width - w, Math.max(0, even(box.fillPositionNormalized[0] * width - ax * w)));
    const y = Math.min(height - h, Math.max(0, even(box.fillPositionNormalized[1] * height - ay * h)));
    return { order, x, y, width: w, height: h };
  });
}
