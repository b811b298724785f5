import type { EventName, Events } from '@shared/contract'
import { silentLogger, type Logger } from './log/logger'

/** A listener that receives every event; transports forward these to their screens. */
export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void

/** Main's event bus: handlers and the tracker emit, each transport subscribes once. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  /** @param log where a failing listener is reported, with its stack (default: nowhere) */
  constructor(private readonly log: Logger = silentLogger()) {}

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch (error) {
        this.log.error({ err: error, event: name }, 'an event listener failed')
      }
    }
  }

  /** @returns an unsubscribe function */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
