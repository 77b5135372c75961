// attention.test.mjs — attention, multi-head attention and softmax through the public JS API:
// PyTorch fixtures, identities, and bad input.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertClose, assertSeqlabError, fixture, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const golden = fixture('attention');

describe('attention matches PyTorch', () => {
  for (const c of golden.attention) {
    it(c.name, () => {
      const r = sl.attention({
        q: c.q,
        k: c.k,
        v: c.v,
        n: c.n,
        m: c.m,
        dk: c.dk,
        dv: c.dv,
        scale: c.scale,
        causal: c.causal,
        mask: c.mask ? Uint8Array.from(c.mask) : undefined,
        bias: c.bias,
      });
      assertClose(r.scores, c.scores, { what: 'scores' });
      assertClose(r.weights, c.weights, { what: 'weights' });
      assertClose(r.out, c.out, { what: 'out' });
      for (const a of [r.scores, r.weights, r.out]) assert.ok(a instanceof Float32Array);
    });
  }

  it('a fully masked row gives zero weights and a zero output row, not NaN', () => {
    const c = golden.attention.find((x) => x.name.startsWith('mask with'));
    const r = sl.attention({ q: c.q, k: c.k, v: c.v, n: c.n, m: c.m, dk: c.dk, dv: c.dv, mask: c.mask });
    assert.deepEqual([...r.weights.subarray(2 * c.m, 3 * c.m)], new Array(c.m).fill(0));
    assert.deepEqual([...r.out.subarray(2 * c.dv, 3 * c.dv)], new Array(c.dv).fill(0));
    assert.ok(r.scores.subarray(2 * c.m, 3 * c.m).every((s) => s === -Infinity));
  });
});

describe('multiHeadAttention matches PyTorch', () => {
  for (const c of golden.multiHead) {
    it(`${c.name}${c.checkedAgainst ? ` (reference checked against ${c.checkedAgainst})` : ''}`, () => {
      const r = sl.multiHeadAttention({
        x: c.x,
        n: c.n,
        dModel: c.dModel,
        heads: c.heads,
        dk: c.dk,
        dv: c.dv,
        wq: c.wq,
        wk: c.wk,
        wv: c.wv,
        wo: c.wo,
        causal: c.causal,
      });
      assertClose(r.weights, c.weights, { what: 'weights' });
      assertClose(r.headOut, c.headOut, { what: 'headOut' });
      assertClose(r.out, c.out, { what: 'out' });
    });
  }
});

describe('attention identities', () => {
  const g = rng(7);
  const n = 6,
    m = 6,
    dk = 5,
    dv = 4;
  const q = g.array(n * dk),
    k = g.array(m * dk),
    v = g.array(m * dv);

  it('rows of weights sum to 1, or 0 when fully masked', () => {
    const mask = new Uint8Array(n * m).fill(1);
    mask.fill(0, 3 * m, 4 * m);
    for (const causal of [false, true]) {
      const { weights } = sl.attention({ q, k, v, n, m, dk, dv, mask, causal });
      for (let i = 0; i < n; i++) {
        const sum = weights.subarray(i * m, (i + 1) * m).reduce((s, x) => s + x, 0);
        assert.ok(Math.abs(sum - (i === 3 ? 0 : 1)) < 1e-6, `row ${i} sums to ${sum}`);
      }
    }
  });

  it('causal: query i sees key j only when j <= i + (m - n)', () => {
    const n2 = 3;
    const { weights } = sl.attention({ q: q.subarray(0, n2 * dk), k, v, n: n2, m, dk, dv, causal: true });
    for (let i = 0; i < n2; i++)
      for (let j = 0; j < m; j++) assert.equal(weights[i * m + j] === 0, j > i + (m - n2), `(${i}, ${j})`);
  });

  it('permuting the tokens permutes the output (self-attention has no notion of order)', () => {
    const d = 4,
      dModel = 4,
      heads = 2,
      nn = 5;
    const x = g.array(nn * dModel);
    const w = () => g.array(dModel * heads * 2, () => g.normal() / 2);
    const [wq, wk, wv, wo] = [w(), w(), w(), w()];
    const perm = [3, 0, 4, 1, 2];
    const px = new Float32Array(nn * dModel);
    perm.forEach((src, dst) => px.set(x.subarray(src * dModel, (src + 1) * dModel), dst * dModel));
    const args = { n: nn, dModel, heads, dk: 2, dv: 2, wq, wk, wv, wo };
    const y = sl.multiHeadAttention({ ...args, x }).out;
    const py = sl.multiHeadAttention({ ...args, x: px }).out;
    const expected = new Float32Array(nn * d);
    perm.forEach((src, dst) => expected.set(y.subarray(src * d, (src + 1) * d), dst * d));
    assertClose(py, expected, { what: 'SA(PX) vs P·SA(X)' });
  });

  it('mutually orthogonal large-norm inputs give weights ≈ I and y ≈ x (unscaled)', () => {
    // x_n = r·e_n: a_nn = e^{r²} / (N − 1 + e^{r²}) (closed form from the course)
    const N = 4,
      r = 3;
    const x = new Float32Array(N * N);
    for (let i = 0; i < N; i++) x[i * N + i] = r;
    const { weights, out } = sl.attention({ q: x, k: x, v: x, n: N, dk: N, scale: false });
    const ann = Math.exp(r * r) / (N - 1 + Math.exp(r * r));
    const anm = 1 / (N - 1 + Math.exp(r * r));
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) assert.ok(Math.abs(weights[i * N + j] - (i === j ? ann : anm)) < 1e-6);
    assertClose(out, x, { atol: 1e-2, rtol: 0, what: 'y vs x' });
  });

  it('temperature divides the scores before the softmax', () => {
    const a = sl.attention({ q, k, v, n, m, dk, dv, temperature: 2 });
    const b = sl.attention({ q, k, v, n, m, dk, dv, scale: 1 / (2 * Math.sqrt(dk)) });
    assertClose(a.weights, b.weights, { what: 'weights' });
  });

  it('steps: true returns QKᵀ and the scaled logits, consistent with scores', () => {
    const r = sl.attention({ q, k, v, n, m, dk, dv, steps: true, causal: true });
    for (let i = 0; i < n * m; i++) {
      assert.ok(Math.abs(r.scaled[i] - r.logits[i] * r.scale) < 1e-6);
      assert.ok(r.scores[i] === -Infinity || r.scores[i] === r.scaled[i]);
    }
  });

  it('results are fresh arrays that later calls do not overwrite', () => {
    const first = sl.attention({ q, k, v, n, m, dk, dv });
    const copy = Float32Array.from(first.weights);
    sl.attention({ q: g.array(n * dk), k, v, n, m, dk, dv });
    sl.attention({
      q: new Float32Array(1024 * 64),
      k: new Float32Array(1024 * 64),
      v: new Float32Array(1024 * 64),
      n: 1024,
      dk: 64,
    });
    assert.deepEqual(first.weights, copy);
  });
});

describe('softmax', () => {
  it('is stable for ±1e30 and handles ±Infinity', () => {
    const r = sl.softmax([1e30, -1e30, 0, -Infinity, -Infinity, -Infinity, Infinity, 1, Infinity], 3, 3);
    assert.deepEqual([...r], [1, 0, 0, 0, 0, 0, 0.5, 0, 0.5]);
  });
  it('temperature', () => {
    const r = sl.softmax([0, Math.log(2)], 1, 2, { temperature: 0.5 });
    assertClose(r, [0.2, 0.8]);
  });
  it('matches the closed form', () => {
    const x = [1, 2, 3, 4];
    const z = x.reduce((s, v) => s + Math.exp(v), 0);
    assertClose(
      sl.softmax(x, 1, 4),
      x.map((v) => Math.exp(v) / z),
    );
  });
});

describe('bad input gives a specific SeqlabError and the module stays usable', () => {
  const q = new Float32Array(8),
    k = new Float32Array(8),
    v = new Float32Array(8);
  const cases = [
    ['no options', () => sl.attention(), /attention: expected an options object/],
    ['missing n', () => sl.attention({ q, k, v, dk: 4 }), /attention: n is required/],
    ['NaN n', () => sl.attention({ q, k, v, n: NaN, dk: 4 }), /n must be an integer, got NaN/],
    ['fractional dk', () => sl.attention({ q, k, v, n: 2, dk: 2.5 }), /dk must be an integer, got 2\.5/],
    ['zero n', () => sl.attention({ q, k, v, n: 0, dk: 4 }), /n must be at least 1, got 0/],
    ['n past the limit', () => sl.attention({ q, k, v, n: 9000, dk: 4 }), /n must be at most 8192 \(limit\), got 9000/],
    [
      'n·m past the element limit',
      () => sl.attention({ q, k, v, n: 8192, m: 8192, dk: 1 }),
      /scores \(n×m\) would hold 67108864 elements/,
    ],
    ['short q', () => sl.attention({ q: [1, 2, 3], k, v, n: 2, dk: 4 }), /q must have n×dk = 8 elements, got 3/],
    [
      'q of strings',
      () => sl.attention({ q: ['a', 1, 1, 1, 1, 1, 1, 1], k, v, n: 2, dk: 4 }),
      /q\[0\] must be a number, got the string "a"/,
    ],
    [
      'q as Int8Array',
      () => sl.attention({ q: new Int8Array(8), k, v, n: 2, dk: 4 }),
      /q must be a Float32Array, Float64Array or array of numbers, got an Int8Array of length 8/,
    ],
    ['mask of 2s', () => sl.attention({ q, k, v, n: 2, dk: 4, mask: [1, 2, 1, 1] }), /mask\[1\] must be 0 or 1/],
    [
      'mask of the wrong size',
      () => sl.attention({ q, k, v, n: 2, dk: 4, mask: new Uint8Array(3) }),
      /mask must have n×m = 4 elements, got 3/,
    ],
    ['scale as a string', () => sl.attention({ q, k, v, n: 2, dk: 4, scale: 'yes' }), /scale must be true/],
    ['NaN scale', () => sl.attention({ q, k, v, n: 2, dk: 4, scale: NaN }), /scale must be true .* got NaN/],
    [
      'zero temperature',
      () => sl.attention({ q, k, v, n: 2, dk: 4, temperature: 0 }),
      /temperature must be greater than 0, got 0/,
    ],
    ['causal as 1', () => sl.attention({ q, k, v, n: 2, dk: 4, causal: 1 }), /causal must be true or false, got 1/],
    ['misspelt option', () => sl.attention({ q, k, v, n: 2, dk: 4, casual: true }), /unknown option 'casual'/],
    ['heads = 0', () => sl.multiHeadAttention({ x: q, n: 2, dModel: 4, heads: 0 }), /heads must be at least 1, got 0/],
    [
      'dModel not divisible and no dk',
      () => sl.multiHeadAttention({ x: q, n: 2, dModel: 4, heads: 3 }),
      /dk is required/,
    ],
    [
      'unknown posenc',
      () => sl.multiHeadAttention({ x: q, n: 2, dModel: 4, heads: 2, wq: q.slice(0, 16), posenc: 'xpos' }),
      /wq must have/,
    ],
    ['softmax rows NaN', () => sl.softmax([1, 2], NaN, 2), /softmax: rows must be an integer, got NaN/],
    ['softmax length', () => sl.softmax([1, 2, 3], 2, 2), /softmax: x must have rows×cols = 4 elements, got 3/],
  ];
  for (const [name, call, pattern] of cases) {
    it(name, () => {
      assertSeqlabError(call, SeqlabError, pattern);
      // still usable afterwards
      const r = sl.softmax([0, 0], 1, 2);
      assert.deepEqual([...r], [0.5, 0.5]);
    });
  }

  it('errors carry a code and the argument name', () => {
    const e = assertSeqlabError(() => sl.attention({ q, k, v, n: 9000, dk: 4 }), SeqlabError);
    assert.equal(e.code, 'LIMIT');
    assert.equal(e.argument, 'n');
    assert.equal(e.fn, 'attention');
    assert.ok(e instanceof Error);
  });

  it('unknown posenc names the choices', () => {
    const x = new Float32Array(8),
      w = new Float32Array(16);
    assertSeqlabError(
      () => sl.multiHeadAttention({ x, n: 2, dModel: 4, heads: 2, wq: w, wk: w, wv: w, wo: w, posenc: 'xpos' }),
      SeqlabError,
      /posenc must be one of 'none', 'rope', 'alibi', 'sinusoidal', got the string "xpos"/,
    );
  });
});
