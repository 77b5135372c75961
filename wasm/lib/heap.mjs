// heap.mjs — moving arrays in and out of WebAssembly memory around one C call.
// All buffers of a call live in one allocation; views are created only after every
// allocation (memory growth detaches old views) and results are copied out before the
// block is freed, so returned arrays are JS-owned and stay valid.
import { SeqlabError } from './errors.mjs';

const CODES = ['OK', 'NULL', 'SIZE', 'LIMIT', 'ARG', 'NOMEM', 'VALUE'];

/**
 * @param core the Emscripten module
 * @param {string} fn public function name, for messages
 * @param {{inputs?: (ArrayBufferView|null)[], outputs?: ({type: Function, length: number, into?: ArrayBufferView}|null)[]}} io
 *   an output with `into` is copied into that caller-owned array (no allocation) and returned
 * @param {(inPtrs: number[], outPtrs: number[]) => number} call runs the C function, returns its status
 * @returns {ArrayBufferView[]} fresh copies of the outputs (null where no output was asked)
 */
export function callCore(core, fn, { inputs = [], outputs = [] }, call) {
  const sizes = [
    ...inputs.map((a) => (a ? a.byteLength : 0)),
    ...outputs.map((o) => (o ? o.length * o.type.BYTES_PER_ELEMENT : 0)),
  ];
  const offsets = [];
  let total = 0;
  for (const s of sizes) {
    offsets.push(total);
    total += Math.ceil(s / 8) * 8;
  }
  const base = core._malloc(Math.max(total, 8));
  if (!base) {
    throw new SeqlabError(`${fn}: could not allocate ${total} bytes of WebAssembly memory (limit 1 GiB)`, { code: 'NOMEM', fn });
  }
  try {
    let buffer = core.HEAPU8.buffer;
    const inPtrs = inputs.map((a, i) => {
      if (!a) return 0;
      new Uint8Array(buffer, base + offsets[i], a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return base + offsets[i];
    });
    const outPtrs = outputs.map((o, i) => (o ? base + offsets[inputs.length + i] : 0));
    const status = call(inPtrs, outPtrs);
    if (status !== 0) {
      const detail = core.UTF8ToString(core._sl_error_message());
      throw new SeqlabError(`${fn}: ${detail}`, { code: CODES[status] ?? 'UNKNOWN', fn });
    }
    buffer = core.HEAPU8.buffer; // the call may have grown memory
    return outputs.map((o, i) => {
      if (!o) return null;
      const view = new o.type(buffer, outPtrs[i], o.length);
      if (o.into) {
        o.into.set(view);
        return o.into;
      }
      return view.slice();
    });
  } finally {
    core._free(base);
  }
}

export const f32 = (length, into) => ({ type: Float32Array, length, into });
export const f64 = (length) => ({ type: Float64Array, length });
