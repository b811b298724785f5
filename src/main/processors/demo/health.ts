import type { HealthPort } from '../ports'

/** The Demo's health: it lives in the till's own process and files, so it is always `online` (no request made). */
export function demoHealth(): HealthPort {
  return {
    check: async () => ({ state: 'online', detail: null })
  }
}
