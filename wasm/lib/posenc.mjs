// posenc.mjs — sinusoidal encodings, the shift matrix T(k), RoPE and ALiBi.
import { Args, LIMITS, checkElems, checkInt, toFloat32ForCore, toInt32 } from './args.mjs';
import { SeqlabError } from './errors.mjs';
import { callCore, f32 } from './heap.mjs';

const LAYOUT = { interleaved: 0, concat: 1 };
const PAIRING = { interleaved: 0, half: 1 };
const SCALING = { none: 0, linear: 1, ntk: 2 };
const MAX_POSITION = LIMITS.maxPosition;

function even(a, name, d) {
  if (d % 2) throw a.error(name, `must be even (dimensions come in pairs), got ${d}`, 'SIZE');
}

/** Reads {base, positions, scaling} shared by rope and ropeAngles. */
function ropeOptions(a, nPos, d) {
  const base = a.float('base', { def: 10000, above: 1 });
  const positions = a.int32s('positions', nPos, 'nPos', { min: -MAX_POSITION, max: MAX_POSITION });
  let scaling = 0;
  let factor = 1;
  if (a.has('scaling')) {
    const sa = a.nested('scaling', ['type', 'factor']);
    scaling = SCALING[sa.choice('type', ['none', 'linear', 'ntk'], 'none')];
    factor = sa.float('factor', { def: 1, min: 1 });
    if (scaling === SCALING.ntk && d < 4)
      throw a.error('d', `must be at least 4 for NTK scaling (base·s^(d/(d-2))), got ${d}`, 'SIZE');
  }
  return { base, positions, scaling, factor };
}

export function posencApi(core) {
  return {
    sinusoidal(nPos, dModel, options = {}) {
      const fn = 'sinusoidal';
      nPos = checkInt(fn, 'nPos', nPos, 1, LIMITS.maxSeq);
      dModel = checkInt(fn, 'dModel', dModel, 1, LIMITS.maxDim);
      const a = new Args(fn, options, ['base', 'layout']);
      even(a, 'dModel', dModel);
      checkElems(fn, 'pe (nPos×dModel)', nPos * dModel);
      const base = a.float('base', { def: 10000, above: 1 });
      const layout = a.choice('layout', Object.keys(LAYOUT), 'interleaved');
      const [pe] = callCore(core, fn, { outputs: [f32(nPos * dModel)] }, (_, [p]) =>
        core._sl_sinusoidal(p, nPos, dModel, base, LAYOUT[layout]),
      );
      return pe;
    },

    sinusoidalShift(k, dModel, options = {}) {
      const fn = 'sinusoidalShift';
      k = checkInt(fn, 'k', k, -LIMITS.maxSeq, LIMITS.maxSeq);
      dModel = checkInt(fn, 'dModel', dModel, 1, LIMITS.maxDim);
      const a = new Args(fn, options, ['base']);
      even(a, 'dModel', dModel);
      const base = a.float('base', { def: 10000, above: 1 });
      const [t] = callCore(core, fn, { outputs: [f32(dModel * dModel)] }, (_, [p]) =>
        core._sl_sinusoidal_shift(p, k, dModel, base),
      );
      return t;
    },

    rope(x, nPos, d, options = {}) {
      const fn = 'rope';
      nPos = checkInt(fn, 'nPos', nPos, 1, LIMITS.maxSeq);
      d = checkInt(fn, 'd', d, 1, LIMITS.maxDim);
      const a = new Args(fn, options, ['base', 'positions', 'pairing', 'scaling']);
      even(a, 'd', d);
      checkElems(fn, 'x (nPos×d)', nPos * d);
      const xs = toFloat32ForCore(fn, 'x', x, nPos * d, 'nPos×d');
      const pairing = a.choice('pairing', Object.keys(PAIRING), 'interleaved');
      const { base, positions, scaling, factor } = ropeOptions(a, nPos, d);
      const [out] = callCore(core, fn, { inputs: [xs, positions], outputs: [f32(nPos * d)] }, ([px, pp], [po]) =>
        core._sl_rope(po, px, nPos, d, base, pp, PAIRING[pairing], scaling, factor),
      );
      return out;
    },

    ropeAngles(nPos, d, options = {}) {
      const fn = 'ropeAngles';
      nPos = checkInt(fn, 'nPos', nPos, 1, LIMITS.maxSeq);
      d = checkInt(fn, 'd', d, 1, LIMITS.maxDim);
      const a = new Args(fn, options, ['base', 'positions', 'scaling']);
      even(a, 'd', d);
      checkElems(fn, 'angles (nPos×d/2)', nPos * (d / 2));
      const { base, positions, scaling, factor } = ropeOptions(a, nPos, d);
      const [angles] = callCore(core, fn, { inputs: [positions], outputs: [f32(nPos * (d / 2))] }, ([pp], [po]) =>
        core._sl_rope_angles(po, nPos, d, base, pp, scaling, factor),
      );
      return angles;
    },

    /** nPos×dModel table of N(0, std²) entries from a seed (default seed 1, std 0.02). */
    learnedTable(nPos, dModel, options = {}) {
      const fn = 'learnedTable';
      nPos = checkInt(fn, 'nPos', nPos, 1, LIMITS.maxSeq);
      dModel = checkInt(fn, 'dModel', dModel, 1, LIMITS.maxDim);
      checkElems(fn, 'table (nPos×dModel)', nPos * dModel);
      const a = new Args(fn, options, ['seed', 'std']);
      const seed = a.int('seed', { min: 0, max: 4294967295, def: 1 });
      const std = a.float('std', { def: 0.02, min: 0 });
      const [table] = callCore(core, fn, { outputs: [f32(nPos * dModel)] }, (_, [p]) =>
        core._sl_learned_table(p, nPos, dModel, seed, std),
      );
      return table;
    },

    /** Rows of a learned table at positions; a position past the table is an error, not a clamp. */
    learnedLookup(table, tableLen, dModel, positions) {
      const fn = 'learnedLookup';
      tableLen = checkInt(fn, 'tableLen', tableLen, 1, LIMITS.maxSeq);
      dModel = checkInt(fn, 'dModel', dModel, 1, LIMITS.maxDim);
      checkElems(fn, 'table (tableLen×dModel)', tableLen * dModel);
      // read once into a copy (an iterator or a getter cannot hand over fewer items than the length)
      const pos = toInt32(
        fn,
        'positions',
        positions,
        { max: LIMITS.maxSeq },
        'n',
        0,
        tableLen - 1,
        (v, i) =>
          new SeqlabError(
            `${fn}: positions[${i}] = ${v} is beyond the learned table (length ${tableLen}): a learned table has no entry for a position it was not trained on`,
            { code: 'VALUE', fn, argument: 'positions' },
          ),
      );
      const n = pos.length;
      checkElems(fn, 'out (n×dModel)', n * dModel);
      const t = toFloat32ForCore(fn, 'table', table, tableLen * dModel, 'tableLen×dModel');
      const [out] = callCore(core, fn, { inputs: [t, pos], outputs: [f32(n * dModel)] }, ([pt, pp], [po]) =>
        core._sl_learned_lookup(po, pt, tableLen, dModel, pp, n),
      );
      return out;
    },

    alibiSlopes(heads) {
      const fn = 'alibiSlopes';
      heads = checkInt(fn, 'heads', heads, 1, LIMITS.maxHeads);
      const [slopes] = callCore(core, fn, { outputs: [f32(heads)] }, (_, [p]) => core._sl_alibi_slopes(p, heads));
      return slopes;
    },

    alibiBias(heads, n, options = {}) {
      const fn = 'alibiBias';
      heads = checkInt(fn, 'heads', heads, 1, LIMITS.maxHeads);
      n = checkInt(fn, 'n', n, 1, LIMITS.maxSeq);
      const a = new Args(fn, options, ['m', 'causal', 'slopes']);
      const m = a.int('m', { max: LIMITS.maxSeq, def: n });
      checkElems(fn, 'bias (heads×n×m)', heads * n * m);
      const causal = a.bool('causal', true);
      const slopes = a.finiteFloats('slopes', heads, 'heads', { optional: true });
      const [bias] = callCore(core, fn, { inputs: [slopes], outputs: [f32(heads * n * m)] }, ([ps], [pb]) =>
        core._sl_alibi_bias(pb, heads, n, m, causal ? 1 : 0, ps),
      );
      return bias;
    },
  };
}
