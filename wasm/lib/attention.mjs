// attention.mjs — softmax, matmul, scaled dot-product and multi-head attention.
import { Args, LIMITS, checkElems, checkInt, describe, toFloat32ForCore } from './args.mjs';
import { SeqlabError } from './errors.mjs';
import { callCore, f32 } from './heap.mjs';

const POSENC = { none: 0, rope: 1, alibi: 2, sinusoidal: 3 };
const PAIRING = { interleaved: 0, half: 1 };

/** Turns the `scale` option (true | false | number) into the factor applied to QKᵀ. */
function resolveScale(a, dk) {
  const s = a.has('scale') ? a.o.scale : true;
  if (s === true) return 1 / Math.sqrt(dk);
  if (s === false) return 1;
  if (typeof s === 'number' && Number.isFinite(s)) return a.float('scale');
  throw a.error('scale', `must be true (1/sqrt(dk)), false (no scaling) or a finite number, got ${describe(s)}`);
}

export function attentionApi(core) {
  return {
    softmax(x, rows, cols, options = {}) {
      const fn = 'softmax';
      rows = checkInt(fn, 'rows', rows);
      cols = checkInt(fn, 'cols', cols);
      checkElems(fn, 'x (rows×cols)', rows * cols);
      const a = new Args(fn, options, ['temperature']); // its getters run before x is taken
      const temperature = a.float('temperature', { def: 1, above: 0 });
      const xs = toFloat32ForCore(fn, 'x', x, rows * cols, 'rows×cols');
      const [out] = callCore(core, fn, { inputs: [xs], outputs: [f32(rows * cols)] }, ([px], [po]) =>
        core._sl_softmax_rows(po, px, rows, cols, temperature),
      );
      return out;
    },

    matmul(a, b, n, k, m, options = {}) {
      const fn = 'matmul';
      n = checkInt(fn, 'n', n);
      k = checkInt(fn, 'k', k);
      m = checkInt(fn, 'm', m);
      checkElems(fn, 'a (n×k)', n * k);
      checkElems(fn, 'b (k×m)', k * m);
      checkElems(fn, 'c (n×m)', n * m);
      const o = new Args(fn, options, ['transposeB']);
      const transposeB = o.bool('transposeB', false);
      const av = toFloat32ForCore(fn, 'a', a, n * k, 'n×k');
      const bv = toFloat32ForCore(fn, 'b', b, k * m, transposeB ? 'm×k' : 'k×m');
      const [c] = callCore(core, fn, { inputs: [av, bv], outputs: [f32(n * m)] }, ([pa, pb], [pc]) =>
        core._sl_matmul(pc, pa, pb, n, k, m, transposeB ? 1 : 0),
      );
      return c;
    },

    /** out[i] = a_i·b_i for the n rows of a and b (n×d). */
    rowDots(a, b, n, d) {
      const fn = 'rowDots';
      n = checkInt(fn, 'n', n);
      d = checkInt(fn, 'd', d);
      checkElems(fn, 'a (n×d)', n * d);
      const av = toFloat32ForCore(fn, 'a', a, n * d, 'n×d');
      const bv = toFloat32ForCore(fn, 'b', b, n * d, 'n×d');
      const [out] = callCore(core, fn, { inputs: [av, bv], outputs: [f32(n)] }, ([pa, pb], [po]) =>
        core._sl_row_dots(po, pa, pb, n, d),
      );
      return out;
    },

    attention(options) {
      const fn = 'attention';
      const a = new Args(fn, options, [
        'q',
        'k',
        'v',
        'n',
        'm',
        'dk',
        'dv',
        'causal',
        'scale',
        'mask',
        'bias',
        'temperature',
        'steps',
        'into',
      ]);
      const n = a.int('n', { max: LIMITS.maxSeq });
      const m = a.int('m', { max: LIMITS.maxSeq, def: n });
      const dk = a.int('dk', { max: LIMITS.maxDim });
      const dv = a.int('dv', { max: LIMITS.maxDim, def: dk });
      checkElems(fn, 'scores (n×m)', n * m);
      checkElems(fn, 'q (n×dk)', n * dk);
      checkElems(fn, 'k (m×dk)', m * dk);
      checkElems(fn, 'v (m×dv)', m * dv);
      checkElems(fn, 'out (n×dv)', n * dv);
      const nm = n * m;
      // into first: reading it may run caller code, which would make the arrays below be copied twice
      const into = a.into({ logits: nm, scaled: nm, scores: nm, weights: nm, out: n * dv });
      const mask = a.mask('mask', n * m, 'n×m'); // a plain-array mask or bias may run caller code: before q, k, v too
      const bias = a.floatsForCore('bias', n * m, 'n×m', { optional: true });
      const q = a.floatsForCore('q', n * dk, 'n×dk');
      const k = a.floatsForCore('k', m * dk, 'm×dk');
      const v = a.floatsForCore('v', m * dv, 'm×dv');
      const causal = a.bool('causal', false);
      const temperature = a.float('temperature', { def: 1, above: 0 });
      const steps = a.bool('steps', false);
      const scale = resolveScale(a, dk);
      const [logits, scaled, scores, weights, out] = callCore(
        core,
        fn,
        {
          inputs: [q, k, v, mask, bias],
          outputs: [
            steps ? f32(nm, into.logits) : null,
            steps ? f32(nm, into.scaled) : null,
            f32(nm, into.scores),
            f32(nm, into.weights),
            f32(n * dv, into.out),
          ],
        },
        ([pq, pk, pv, pm, pb], [pl, ps, psc, pw, po]) =>
          core._sl_attention(pl, ps, psc, pw, po, pq, pk, pv, n, m, dk, dv, scale, temperature, causal ? 1 : 0, pm, pb),
      );
      const result = { scores, weights, out };
      if (steps) Object.assign(result, { logits, scaled, scale });
      return result;
    },

    multiHeadAttention(options) {
      const fn = 'multiHeadAttention';
      const a = new Args(fn, options, [
        'x',
        'n',
        'dModel',
        'heads',
        'dk',
        'dv',
        'wq',
        'wk',
        'wv',
        'wo',
        'causal',
        'posenc',
        'ropeBase',
        'ropePairing',
        'alibi',
        'temperature',
        'into',
      ]);
      const n = a.int('n', { max: LIMITS.maxSeq });
      const dModel = a.int('dModel', { max: LIMITS.maxDim });
      const heads = a.int('heads', { max: LIMITS.maxHeads });
      const dk = a.int('dk', {
        max: LIMITS.maxDim,
        def: Number.isInteger(dModel / heads) ? dModel / heads : undefined,
      });
      const dv = a.int('dv', { max: LIMITS.maxDim, def: dk });
      checkElems(fn, 'x (n×dModel)', n * dModel);
      checkElems(fn, 'wq (dModel×heads·dk)', dModel * heads * dk);
      checkElems(fn, 'wv (dModel×heads·dv)', dModel * heads * dv);
      checkElems(fn, 'q (n×heads·dk)', n * heads * dk);
      checkElems(fn, 'headOut (n×heads·dv)', n * heads * dv);
      checkElems(fn, 'weights (heads×n×n)', heads * n * n);
      // first, as in attention
      const into = a.into({ weights: heads * n * n, headOut: n * heads * dv, out: n * dModel });
      const x = a.floatsForCore('x', n * dModel, 'n×dModel');
      const wq = a.floatsForCore('wq', dModel * heads * dk, 'dModel×(heads·dk)');
      const wk = a.floatsForCore('wk', dModel * heads * dk, 'dModel×(heads·dk)');
      const wv = a.floatsForCore('wv', dModel * heads * dv, 'dModel×(heads·dv)');
      const wo = a.floatsForCore('wo', heads * dv * dModel, '(heads·dv)×dModel');
      const causal = a.bool('causal', false);
      const posenc = a.choice('posenc', Object.keys(POSENC), 'none');
      const ropeBase = a.float('ropeBase', { def: 10000, above: 1 });
      const ropePairing = a.choice('ropePairing', Object.keys(PAIRING), 'interleaved');
      const temperature = a.float('temperature', { def: 1, above: 0 });
      if (posenc === 'rope' && dk % 2)
        throw a.error('dk', `must be even for RoPE (dimensions rotate in pairs), got ${dk}`, 'SIZE');
      if (posenc === 'sinusoidal' && dModel % 2)
        throw a.error('dModel', `must be even for sinusoidal encoding, got ${dModel}`, 'SIZE');
      let slopes = null;
      if (a.has('alibi')) {
        if (posenc !== 'alibi')
          throw a.error('alibi', `(custom slopes) needs posenc: 'alibi', got posenc: '${posenc}'`);
        slopes = a.finiteFloats('alibi', heads, 'heads');
      }
      const [weights, headOut, out] = callCore(
        core,
        fn,
        {
          inputs: [x, wq, wk, wv, wo, slopes],
          outputs: [f32(heads * n * n, into.weights), f32(n * heads * dv, into.headOut), f32(n * dModel, into.out)],
        },
        ([px, pq, pk, pv, po, ps], [pw, ph, pout]) =>
          core._sl_mha(
            pw,
            ph,
            pout,
            px,
            n,
            dModel,
            heads,
            dk,
            dv,
            pq,
            pk,
            pv,
            po,
            causal ? 1 : 0,
            POSENC[posenc],
            ropeBase,
            PAIRING[ropePairing],
            ps,
            temperature,
          ),
      );
      return { weights, headOut, out };
    },
  };
}

export { SeqlabError };
