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
  };
}
