// errors.mjs — the one error type the API throws.

/** Thrown for every bad argument and every failure reported by the C core. */
export class SeqlabError extends Error {
  /**
   * @param {string} message names the function, the argument and what was wrong
   * @param {{code?: string, fn?: string, argument?: string, cause?: unknown}} [info] cause: what the
   *   caller's own code threw while its argument was being read, when that is why this was thrown
   */
  constructor(message, info = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = 'SeqlabError';
    /** 'ARG' | 'SIZE' | 'LIMIT' | 'NULL' | 'NOMEM' | 'VALUE' */
    this.code = info.code ?? 'ARG';
    this.fn = info.fn;
    this.argument = info.argument;
  }
}
