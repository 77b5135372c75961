// errors.mjs — the one error type the API throws.

/** Thrown for every bad argument and every failure reported by the C core. */
export class SeqlabError extends Error {
  /**
   * @param {string} message names the function, the argument and what was wrong
   * @param {{code?: string, fn?: string, argument?: string}} [info]
   */
  constructor(message, info = {}) {
    super(message);
    this.name = 'SeqlabError';
    /** 'ARG' | 'SIZE' | 'LIMIT' | 'NULL' | 'NOMEM' | 'VALUE' */
    this.code = info.code ?? 'ARG';
    this.fn = info.fn;
    this.argument = info.argument;
  }
}
