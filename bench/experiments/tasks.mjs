// tasks.mjs — batches for the experiments, all from sl.makeTask (the core's seeded generators).

/** makeTask(name, opts): the batch object plus {vocab, meta}. */
export function taskBatch(sl, name, opts) {
  return sl.makeTask(name, opts);
}

/**
 * Character-level language modelling windows of exactly T tokens from the built-in corpus, from
 * its training part or its held-out part.
 */
export function textTask(sl, { batch, T, seed, split }) {
  return sl.makeTask('text', { batch, minLen: T, maxLen: T, seed, split });
}
