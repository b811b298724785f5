/** Where an asynchronous action stands; paired with an `error` ref holding the last failure. */
export type AsyncState = 'idle' | 'loading' | 'done' | 'error'
