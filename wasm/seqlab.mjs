// seqlab.mjs — the public JS API of the seqlab core. Works unchanged in Node >= 18 and in
// browsers (also from file://: the WebAssembly binary is embedded, compressed, in seqlab_core_wasm.mjs).
//
//   import { loadSeqlab } from './wasm/seqlab.mjs';
//   const sl = await loadSeqlab();
//   const { weights } = sl.attention({ q, k, v, n: 4, dk: 8 });
//
// Matrices are row-major Float32Arrays (plain arrays of numbers are accepted); every result is
// a fresh array owned by the caller; bad arguments throw SeqlabError naming the argument.
import createSeqlabCore from './seqlab_core.mjs';
import wasmPacked, { wasmBytes } from './seqlab_core_wasm.mjs';
import { Args, LIMITS } from './lib/args.mjs';
import { attentionApi } from './lib/attention.mjs';
import { SeqlabError } from './lib/errors.mjs';
import { modelApi } from './lib/model.mjs';
import { posencApi } from './lib/posenc.mjs';
import { recurrentApi } from './lib/recurrent.mjs';
import { tasksApi } from './lib/tasks.mjs';
import { tensorApi } from './lib/tensor.mjs';
import { COURSE_PRESET, TRANSFORMER_PRESETS, transformerApi } from './lib/transformer.mjs';

export { SeqlabError, LIMITS, COURSE_PRESET, TRANSFORMER_PRESETS };
export const VERSION = '0.1.0';

let instance = null;

/** base64 → bytes, with atob (browsers, Node >= 16). */
function decodeBase64(text) {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The embedded core (tools/embed-wasm.mjs): base64 → zlib stream → the WebAssembly binary, inflated
 * by the platform's DecompressionStream (browsers, Web Workers, Node >= 18), so nothing is fetched.
 */
async function unpackWasm(packed, size) {
  if (typeof DecompressionStream !== 'function' || typeof Response !== 'function') {
    throw new Error(
      'loadSeqlab: this JavaScript environment has no DecompressionStream (or Response), which inflates the ' +
        'embedded WebAssembly core; it needs Chrome/Edge >= 80, Firefox >= 113, Safari >= 16.4 or Node >= 18',
    );
  }
  const stream = new Blob([decodeBase64(packed)]).stream().pipeThrough(new DecompressionStream('deflate'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (bytes.length !== size) {
    throw new Error(
      `loadSeqlab: the embedded core inflated to ${bytes.length} bytes, not ${size} (rebuild with ./build.sh build)`,
    );
  }
  return bytes;
}

const LIMIT_ORDER = ['maxSeq', 'maxDim', 'maxHeads', 'maxElems', 'maxPosition']; // sl_limits' order

/**
 * The core's limits (sl_limits). A core whose limits differ from LIMITS (the table exported before
 * any core is loaded) is refused: every check in the JS layer uses LIMITS.
 */
function coreLimits(core) {
  const p = core._malloc(8 * LIMIT_ORDER.length);
  if (!p)
    throw new SeqlabError('loadSeqlab: could not allocate 40 bytes of WebAssembly memory', {
      code: 'NOMEM',
      fn: 'loadSeqlab',
    });
  try {
    if (core._sl_limits(p, LIMIT_ORDER.length) !== 0) {
      throw new SeqlabError(
        `loadSeqlab: the core refused to report its limits: ${core.UTF8ToString(core._sl_error_message())}`,
        { code: 'ARG', fn: 'loadSeqlab' },
      );
    }
    const values = new Float64Array(core.HEAPU8.buffer, p, LIMIT_ORDER.length);
    const limits = Object.fromEntries(LIMIT_ORDER.map((key, i) => [key, values[i]]));
    for (const key of LIMIT_ORDER) {
      if (limits[key] !== LIMITS[key]) {
        throw new SeqlabError(
          `loadSeqlab: the core was built with ${key} = ${limits[key]}, the JS layer expects ${LIMITS[key]} (rebuild with ./build.sh build)`,
          { code: 'LIMIT', fn: 'loadSeqlab' },
        );
      }
    }
    return Object.freeze(limits);
  } finally {
    core._free(p);
  }
}

function makeApi(core) {
  return Object.freeze({
    version: VERSION,
    limits: coreLimits(core),
    /** true when the hand-written WebAssembly SIMD kernels are in use */
    simd: core._sl_simd_enabled() === 1,
    ...attentionApi(core),
    ...posencApi(core),
    ...recurrentApi(core),
    ...tasksApi(core),
    ...transformerApi(core),
    ...modelApi(core),
    // bookkeeping the lab's views share (head slices, reorderings, differences, the causal mask)
    ...tensorApi,
    /** WebAssembly memory size and the allocator's bytes in use (both flat across calls). */
    memoryStats: () => ({ memoryBytes: core.HEAPU8.buffer.byteLength, heapInUse: core._sl_heap_in_use() >>> 0 }),
  });
}

/**
 * Resolves once the WebAssembly core is ready; later calls return the same API object.
 * options.createCore: another Emscripten factory (e.g. the scalar-kernel build), giving a
 * separate instance. Bad options reject with a SeqlabError (only own properties are read).
 */
export function loadSeqlab(options = {}) {
  let createCore;
  try {
    const a = new Args('loadSeqlab', options, ['createCore']);
    if (a.has('createCore')) {
      createCore = a.o.createCore;
      if (typeof createCore !== 'function')
        throw a.error('createCore', 'must be a function returning a promise of an Emscripten module');
    }
  } catch (err) {
    return Promise.reject(err);
  }
  if (createCore) {
    return Promise.resolve()
      .then(() => createCore())
      .then(makeApi);
  }
  // locateFile keeps the loader from resolving a .wasm URL against import.meta.url, which a
  // bundle does not have; with wasmBinary given, nothing is fetched.
  instance ??= unpackWasm(wasmPacked, wasmBytes)
    .then((wasmBinary) => createSeqlabCore({ wasmBinary, locateFile: (path) => path }))
    .then(makeApi)
    .catch((err) => {
      instance = null; // let a later call try again
      throw err;
    });
  return instance;
}
