// colors.js — colour lookup tables sampled from d3-scale-chromatic's perceptually uniform,
// colour-blind-safe maps (viridis for magnitudes, RdBu for signed values).
import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateViridis, interpolateCividis } from 'd3-scale-chromatic';

const cache = new Map();

export const COLORMAPS = {
  sequential: interpolateViridis,
  cividis: interpolateCividis,
  // reversed so that negative is blue and positive is red
  diverging: (t) => interpolateRdBu(1 - t),
};

/** 256 RGBA entries of a named map. */
export function lut(name) {
  if (!cache.has(name)) {
    const f = COLORMAPS[name];
    const table = new Uint8ClampedArray(256 * 4);
    for (let i = 0; i < 256; i++) {
      const c = rgb(f(i / 255));
      table.set([c.r, c.g, c.b, 255], i * 4);
    }
    cache.set(name, table);
  }
  return cache.get(name);
}

export const MASKED_RGBA = [128, 128, 128, 255];
export const css = (name, t) => COLORMAPS[name](Math.min(1, Math.max(0, t)));
