// tfjs.mjs — the same attention arithmetic in TensorFlow.js with its WebAssembly backend (SIMD
// where available), as the peer baseline. Development dependency only.
import { createRequire } from 'node:module';

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export async function tfjsAttention() {
  const require = createRequire(import.meta.url);
  setWasmPaths(require.resolve('@tensorflow/tfjs-backend-wasm').replace(/[^/]+$/, ''));
  await tf.setBackend('wasm');
  await tf.ready();
  return {
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    /** Returns a function computing softmax(q kᵀ · scale) v, read back into JS like the others. */
    prepare(q, k, v, n, d, scale) {
      const [tq, tk, tv] = [q, k, v].map((a) => tf.tensor2d(a, [n, d]));
      const ts = tf.scalar(scale);
      const run = () => {
        const out = tf.tidy(() => tf.matMul(tf.softmax(tf.mul(tf.matMul(tq, tk, false, true), ts)), tv));
        const data = out.dataSync();
        out.dispose();
        return data;
      };
      run.dispose = () => [tq, tk, tv, ts].forEach((t) => t.dispose());
      return run;
    },
    /** One LSTM step: gates = x·W_ihᵀ + h·W_hhᵀ + 2b, split i, f, g, o; returns h. */
    prepareLstm(x, h, c, wIh, wHh, b, nx, nh) {
      const tx = tf.tensor2d(x, [1, nx]),
        th = tf.tensor2d(h, [1, nh]),
        tc = tf.tensor2d(c, [1, nh]);
      const twi = tf.tensor2d(wIh, [4 * nh, nx]),
        twh = tf.tensor2d(wHh, [4 * nh, nh]),
        tb = tf.tensor1d(b);
      const run = () => {
        const out = tf.tidy(() => {
          const pre = tf.add(tf.add(tf.matMul(tx, twi, false, true), tf.matMul(th, twh, false, true)), tf.add(tb, tb));
          const [i, f, g, o] = tf.split(pre, 4, 1);
          const c2 = tf.add(tf.mul(tf.sigmoid(f), tc), tf.mul(tf.sigmoid(i), tf.tanh(g)));
          return tf.mul(tf.sigmoid(o), tf.tanh(c2));
        });
        const data = out.dataSync();
        out.dispose();
        return data;
      };
      run.dispose = () => [tx, th, tc, twi, twh, tb].forEach((t) => t.dispose());
      return run;
    },
  };
}
