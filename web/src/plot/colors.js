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

const cache32 = new Map();
/** The same table as packed RGBA words (one store per pixel into a Uint32Array view). */
export function lut32(name) {
  if (!cache32.has(name)) cache32.set(name, new Uint32Array(lut(name).buffer.slice(0)));
  return cache32.get(name);
}
export const MASKED_32 = new Uint32Array(Uint8ClampedArray.from(MASKED_RGBA).buffer)[0];
export const css = (name, t) => COLORMAPS[name](Math.min(1, Math.max(0, t)));
