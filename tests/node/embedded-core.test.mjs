// embedded-core.test.mjs — the WebAssembly core embedded in wasm/seqlab_core_wasm.mjs
// (tools/embed-wasm.mjs): stored zlib-compressed and base64-encoded, inflated at load by the
// platform's DecompressionStream. Checks that it inflates to the very binary emcc wrote, and that
// a platform without DecompressionStream gets an error that says so, not a broken core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';

import wasmPacked, { wasmBytes } from '../../wasm/seqlab_core_wasm.mjs';
import { loadSeqlab } from './helpers.mjs';

describe('embedded core', () => {
  it('inflates to the binary emcc wrote (build/core/seqlab_core.wasm), byte for byte', () => {
    const bytes = inflateSync(Buffer.from(wasmPacked, 'base64'));
    const built = readFileSync(new URL('../../build/core/seqlab_core.wasm', import.meta.url));
    assert.equal(bytes.length, wasmBytes);
    assert.ok(bytes.equals(built), 'the embedded binary differs from build/core/seqlab_core.wasm');
    assert.ok(WebAssembly.validate(bytes));
  });

  // Runs before any successful load in this process: loadSeqlab caches its first core.
  it('without DecompressionStream, loadSeqlab rejects naming it, and loads once it is back', async () => {
    const saved = globalThis.DecompressionStream;
    delete globalThis.DecompressionStream;
    try {
      await assert.rejects(loadSeqlab(), /no DecompressionStream.*embedded WebAssembly core/);
    } finally {
      globalThis.DecompressionStream = saved;
    }
    const sl = await loadSeqlab();
    assert.equal(sl.simd, true);
    assert.deepEqual(Array.from(sl.softmax([1, 1, 1, 1], 1, 4)), [0.25, 0.25, 0.25, 0.25]);
  });
});
