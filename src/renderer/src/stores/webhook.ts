import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { KassaErrorData, Result, WebhookStatusView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/** The processors Kassa registers a webhook with from Settings. */
export type RegistrableProcessor = 'btcpay' | 'btpay'

/**
 * Webhooks per processor as main reports them (`webhook:status|register|unregister`): whether the processor can
 * call this till, the registered webhook and what arrived. The secret never comes here. Each processor has its
 * own state and last error, so a failure shows next to that processor's panel.
 */
export const useWebhookStore = defineStore('webhook', () => {
  const statuses = ref<Partial<Record<ProcessorId, WebhookStatusView>>>({})
  const states = ref<Partial<Record<ProcessorId, AsyncState>>>({})
  const errors = ref<Partial<Record<ProcessorId, KassaErrorData>>>({})

  async function run(
    processor: ProcessorId,
    call: () => Promise<Result<WebhookStatusView>>
  ): Promise<boolean> {
    states.value[processor] = 'loading'
    delete errors.value[processor]
    const result = await call()
    if (!result.ok) {
      errors.value[processor] = result.error
      states.value[processor] = 'error'
      return false
    }
    statuses.value[processor] = result.value
    states.value[processor] = 'done'
    return true
  }

  /** Read a processor's webhook status. */
  function load(processor: ProcessorId): Promise<boolean> {
    return run(processor, () => kassa.webhook.status({ processor }))
  }

  /**
   * Register a webhook at the relay's public address (`publicUrl`, trimmed); main generates and keeps the secret.
   * @returns false with `errors[processor]` set (nothing was registered)
   */
  function register(processor: RegistrableProcessor, publicUrl: string): Promise<boolean> {
    return run(processor, () => kassa.webhook.register({ processor, publicUrl: publicUrl.trim() }))
  }

  /** Delete the webhook on the processor and its secret. @returns false with `errors[processor]` set */
  function unregister(processor: RegistrableProcessor): Promise<boolean> {
    return run(processor, () => kassa.webhook.unregister({ processor }))
  }

  return { statuses, states, errors, load, register, unregister }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useWebhookStore, import.meta.hot))
