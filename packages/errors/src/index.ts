/**
 * `@stratos/errors`: the one error base of the Stratos packages (`BaseError`). No dependencies and
 * no runtime API beyond the language's own, so it runs in the browser, in Node and in Workers.
 */
export { BaseError, type BaseErrorOptions } from './BaseError.js'
