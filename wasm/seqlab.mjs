// seqlab.mjs — the public JS API of the seqlab core. Works unchanged in Node >= 18 and in
// browsers (also from file://: the WebAssembly binary is embedded in seqlab_core.mjs).
//
//   import { loadSeqlab } from './wasm/seqlab.mjs';
//   const sl = await loadSeqlab();
//   const { weights } = sl.attention({ q, k, v, n: 4, dk: 8 });
//
// Matrices are row-major Float32Arrays (plain arrays of numbers are accepted); every result is
// a fresh array owned by the caller; bad arguments throw SeqlabError naming the argument.
import createSeqlabCore from './seqlab_core.mjs';
import wasmBase64 from './seqlab_core_wasm.mjs';
import { LIMITS } from './lib/args.mjs';
import { attentionApi } from './lib/attention.mjs';
import { SeqlabError } from './lib/errors.mjs';
import { posencApi } from './lib/posenc.mjs';
import { recurrentApi } from './lib/recurrent.mjs';
import { tensorApi } from './lib/tensor.mjs';
import { attentionCost, COURSE_PRESET, transformerShapes } from './lib/transformer.mjs';

export { SeqlabError, LIMITS, COURSE_PRESET };
export const VERSION = '0.1.0';

let instance = null;

/** base64 → bytes, with atob (browsers, Node >= 16). */
function decodeBase64(text) {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function makeApi(core) {
  return Object.freeze({
    version: VERSION,
    limits: LIMITS,
    /** true when the hand-written WebAssembly SIMD kernels are in use */
    simd: core._sl_simd_enabled() === 1,
    ...attentionApi(core),
    ...posencApi(core),
    ...recurrentApi(core),
    transformerShapes,
    attentionCost,
    // bookkeeping the lab's views share (head slices, reorderings, differences, the causal mask)
    ...tensorApi,
    /** WebAssembly memory size and the allocator's bytes in use (both flat across calls). */
    memoryStats: () => ({ memoryBytes: core.HEAPU8.buffer.byteLength, heapInUse: core._sl_heap_in_use() >>> 0 }),
  });
}

/**
 * Resolves once the WebAssembly core is ready; later calls return the same API object.
 * options.createCore: another Emscripten factory (e.g. the scalar-kernel build), giving a
 * separate instance.
 */
export function loadSeqlab(options = {}) {
  if (options.createCore) return options.createCore().then(makeApi);
  // locateFile keeps the loader from resolving a .wasm URL against import.meta.url, which a
  // bundle does not have; with wasmBinary given, nothing is fetched.
  instance ??= createSeqlabCore({ wasmBinary: decodeBase64(wasmBase64), locateFile: (path) => path }).then(makeApi).catch((err) => {
    instance = null; // let a later call try again
    throw err;
  });
  return instance;
}
