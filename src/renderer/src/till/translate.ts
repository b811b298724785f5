import { i18n } from '../i18n'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * `t` outside a component (stores, pure word helpers), in the current UI language. Typed loosely on purpose:
 * vue-i18n's typing of `i18n.global.t` is too deep for the compiler at some call sites.
 */
export const translate: Translate = (key, params = {}) =>
  (i18n.global as unknown as { t: Translate }).t(key, params)
