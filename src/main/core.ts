import { join } from 'node:path'
import type { AppInfo } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { openDatabase } from './ledger/database'
import { Ledger } from './ledger/ledger'
import { DemoProcessor, type DemoOptions } from './processors/demo'
import type { PaymentProcessor } from './processors/types'
import { SaleService } from './sales/sale-service'
import type { SecretStore } from './secrets/secret-store'
import { SettingsService } from './settings/settings-service'
import { InvoiceTracker, type TrackerTiming } from './tracker/tracker'
import { EventBus } from './events'
import type { Handlers } from './dispatch'

/** How to build the till's core. Times in milliseconds. */
export interface CoreOptions {
  /** Folder of the ledger and the Demo's books (`KASSA_DATA_DIR`, or the app's data folder). */
  dataDir: string
  secrets: SecretStore
  /** Reported by `app:info`. */
  version: string
  transport: AppInfo['transport']
  now?: () => number
  tracker?: Partial<TrackerTiming>
  demo?: Partial<Omit<DemoOptions, 'path'>>
  retryCreateMs?: number
}

/** The till's main-process core: plain Node, shared by the Electron shell and the web host. */
export interface Core {
  handlers: Handlers
  events: EventBus
  ledger: Ledger
  tracker: InvoiceTracker
  /** Resume tracking and pending invoice creations. */
  start(): Promise<void>
  /** Stop timers, close sockets and files. */
  stop(): Promise<void>
}

/**
 * Build the core over a data folder: ledger (`kassa.sqlite`), the Demo processor (`demo.sqlite`), settings,
 * secrets, tracker, sales, and the contract's handlers.
 */
export function createCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now
  const ledger = new Ledger(openDatabase(join(options.dataDir, 'kassa.sqlite')), now)
  const demo = new DemoProcessor({ path: join(options.dataDir, 'demo.sqlite'), now, ...options.demo })
  const processors = new Map<ProcessorId, PaymentProcessor>([['demo', demo]])
  const events = new EventBus()
  const settings = new SettingsService(ledger, options.secrets, new Set(processors.keys()))

  const processorFor = (id: ProcessorId) => processors.get(id) ?? null
  const requireProcessor = (id: ProcessorId) => {
    const processor = processorFor(id)
    if (!processor) throw new KassaError('not-configured', `The ${id} processor is not set up: see Settings`)
    return processor
  }
  const onSaleChanged = (saleId: string) => events.emit('sale:updated', sales.view(saleId))
  const online = new Map<ProcessorId, boolean>()
  const tracker = new InvoiceTracker({
    ledger,
    processorFor,
    onSaleChanged,
    onConnectivity: (processor, isOnline, message) => {
      if (online.get(processor) === isOnline) return
      online.set(processor, isOnline)
      events.emit('connectivity:changed', { processor, online: isOnline, message })
    },
    now,
    timing: options.tracker
  })
  const sales = new SaleService({
    ledger,
    tracker,
    processorFor,
    requireProcessor,
    onSaleChanged,
    retryCreateMs: options.retryCreateMs
  })

  const handlers: Handlers = {
    'app:info': async () => ({ name: 'Kassa', version: options.version, transport: options.transport }),
    'settings:get': () => settings.view(),
    'settings:update': (input) => settings.update(input),
    'settings:storeKey': (input) => settings.storeKey(input.processor, input.apiKey),
    'settings:deleteKey': (input) => settings.deleteKey(input.processor),
    'sale:charge': (input) => sales.charge(input, settings.processor),
    'sale:get': async (input) => sales.view(input.saleId),
    'sale:list': async (input) => sales.list(input.limit ?? 50),
    'sale:cancel': (input) => sales.cancel(input.saleId),
    'invoice:focus': async (input) => {
      tracker.focus(input.saleId)
      return { focused: input.saleId }
    },
    'demo:simulate': (input) => sales.simulate(input.saleId, input.kind)
  }

  return {
    handlers,
    events,
    ledger,
    tracker,
    async start() {
      tracker.start()
      await sales.resumePending()
    },
    async stop() {
      tracker.stop()
      await sales.stop()
      for (const processor of processors.values()) await processor.close?.()
      ledger.close()
    }
  }
}
