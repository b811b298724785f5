import type { EventName, Events } from '@shared/contract'

/** A listener that receives every event; transports forward these to their screens. */
export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void

/** Main's event bus: handlers and the tracker emit, each transport subscribes once. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch (error) {
        console.error(`[events] a listener of ${name} failed`, error)
      }
    }
  }

  /** @returns an unsubscribe function */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
