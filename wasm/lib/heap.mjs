// heap.mjs — moving arrays in and out of WebAssembly memory around one C call.
// All buffers of a call live in one allocation; views are created only after every
// allocation (memory growth detaches old views) and results are copied out before the
// block is freed, so returned arrays are JS-owned and stay valid.
// Inputs are the fresh copies args.mjs made, so nothing here reaches the caller's code; the
// caller-owned `into` arrays are written with the built-in TypedArray methods only.
import { CoreInput, releasePending, typedLength, typedSet } from './args.mjs';
import { SeqlabError } from './errors.mjs';

const statusNames = new WeakMap();

/**
 * The error code ('SIZE', 'NOMEM', …) of a core status, from the core's own sl_status_name (the
 * one list of status names), without its 'SL_ERR_' prefix.
 */
export function statusCode(core, status) {
  let names = statusNames.get(core);
  if (!names) statusNames.set(core, (names = new Map()));
  let code = names.get(status);
  if (code === undefined) {
    code = core.UTF8ToString(core._sl_status_name(status)).replace(/^SL_(ERR_)?/, '');
    names.set(status, code);
  }
  return code;
}

/** Bytes one more allocation may take without the heap growing past its ceiling (sl_heap_room). */
export function heapRoom(core) {
  const cell = core._malloc(8);
  if (!cell) return 0;
  try {
    return core._sl_heap_room(cell) === 0 ? new Float64Array(core.HEAPU8.buffer, cell, 1)[0] : 0;
  } finally {
    core._free(cell);
  }
}

/** An output's caller-owned array, read only as an own property (an inherited `into` is junk). */
const ownInto = (o) => Object.hasOwn(o, 'into') && o.into;

/**
 * @param core the Emscripten module
 * @param {string} fn public function name, for messages
 * @param {{inputs?: (ArrayBufferView|null)[],
 *   outputs?: ({type: Function, length: number, into?: ArrayBufferView}|null)[]}} io
 *   inputs: arrays args.mjs made (never the caller's own); an output with `into` is copied into
 *   that caller-owned array (no allocation) and returned
 * @param {(inPtrs: number[], outPtrs: number[]) => number} call runs the C function, returns its status
 * @returns {ArrayBufferView[]} fresh copies of the outputs (null where no output was asked)
 */
export function callCore(core, fn, io, call) {
  // own fields only: a key missing here must not be found on a polluted Object.prototype
  const inputs = Object.hasOwn(io, 'inputs') ? io.inputs : [];
  const outputs = Object.hasOwn(io, 'outputs') ? io.outputs : [];
  const sizes = [
    ...inputs.map((a) => (!a ? 0 : a instanceof CoreInput ? a.length * 4 : typedLength(a) * a.BYTES_PER_ELEMENT)),
    ...outputs.map((o) => (o ? o.length * o.type.BYTES_PER_ELEMENT : 0)),
  ];
  const offsets = [];
  let total = 0;
  for (const s of sizes) {
    offsets.push(total);
    total += Math.ceil(s / 8) * 8;
  }
  for (const o of outputs) {
    if (o && ownInto(o) && typedLength(o.into) !== o.length) {
      throw new SeqlabError(
        `${fn}: an into array changed length while the arguments were read (${o.length} elements needed, it has ${typedLength(o.into)})`,
        { code: 'SIZE', fn, argument: 'into' },
      );
    }
  }
  // Asked first, so malloc is never left to fail at growing the heap (sl_heap_room says why).
  releasePending(); // from here on no caller code runs before the inputs are copied
  const room = heapRoom(core);
  const base = total <= room ? core._malloc(Math.max(total, 8)) : 0;
  if (!base) {
    throw new SeqlabError(
      `${fn}: could not allocate ${total} bytes of WebAssembly memory (limit 1 GiB); the module stays usable, smaller sizes work`,
      { code: 'NOMEM', fn },
    );
  }
  try {
    const heap = core.HEAPU8;
    const inPtrs = inputs.map((a, i) => {
      if (!a) return 0;
      const ptr = base + offsets[i];
      if (a instanceof CoreInput) {
        // the caller's array (or its settled copy), read once, by its internal slots
        typedSet(new Float32Array(heap.buffer, ptr, a.length), a.take());
      } else {
        // a fresh, unshared typed array of args.mjs: its own buffer from offset 0
        typedSet(heap, new Uint8Array(a.buffer, 0, typedLength(a) * a.BYTES_PER_ELEMENT), ptr);
      }
      return ptr;
    });
    const outPtrs = outputs.map((o, i) => (o ? base + offsets[inputs.length + i] : 0));
    const status = call(inPtrs, outPtrs);
    if (status !== 0) {
      const detail = core.UTF8ToString(core._sl_error_message());
      throw new SeqlabError(`${fn}: ${detail}`, { code: statusCode(core, status), fn });
    }
    const buffer = core.HEAPU8.buffer; // the call may have grown memory
    return outputs.map((o, i) => {
      if (!o) return null;
      const view = new o.type(buffer, outPtrs[i], o.length);
      if (ownInto(o)) {
        typedSet(o.into, view);
        return o.into;
      }
      return new o.type(view); // a copy by the constructor (slice would consult `constructor`)
    });
  } finally {
    core._free(base);
  }
}

// Output descriptors have no prototype, so `into` is never inherited from Object.prototype.
export const f32 = (length, into) => Object.assign(Object.create(null), { type: Float32Array, length, into });
export const f64 = (length) => Object.assign(Object.create(null), { type: Float64Array, length, into: undefined });
