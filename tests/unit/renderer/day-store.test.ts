import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { DayReportView, ReconcileRunView } from '@shared/day'

const day = {
  report: vi.fn(),
  list: vi.fn(),
  charts: vi.fn(),
  close: vi.fn(),
  pdf: vi.fn(),
  print: vi.fn()
}
const exporter = { csv: vi.fn() }
const reconcile = {
  start: vi.fn(),
  get: vi.fn(),
  cancel: vi.fn(),
  review: vi.fn(),
  recheck: vi.fn(),
  import: vi.fn()
}
/** Listeners the stores subscribed, by event name, with their abort signals. */
const listeners = new Map<string, { listener: (payload: unknown) => void; signal?: AbortSignal }[]>()
const on = vi.fn((name: string, listener: (payload: unknown) => void, signal?: AbortSignal) => {
  listeners.set(name, [...(listeners.get(name) ?? []), { listener, signal }])
})
vi.mock('../../../src/renderer/src/api/client', () => ({
  kassa: { day, export: exporter, reconcile, on }
}))
const downloads: { name: string; type: string; size: number }[] = []
vi.mock('../../../src/renderer/src/receipt/receipt-files', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/renderer/src/receipt/receipt-files')>()),
  downloadBase64: (name: string, base64: string, type: string) =>
    downloads.push({ name, type, size: base64.length })
}))

const { useDayStore, LIVE_REFRESH_MS } = await import('../../../src/renderer/src/stores/day')
const { useReconcileStore, RECONCILE_POLL_MS, groupDifferences } =
  await import('../../../src/renderer/src/stores/reconcile')
const { closeRefusalOf } = await import('../../../src/renderer/src/day/close-refusal')
const { downloadName, csvName } = await import('../../../src/renderer/src/day/day-files')
const fixtures = await import('../../fixtures/day-views')

function emit(name: string, payload: unknown): void {
  for (const { listener, signal } of listeners.get(name) ?? []) if (!signal?.aborted) listener(payload)
}

const ok = <T>(value: T) => ({ ok: true as const, value })
const conflict = (params: Record<string, string>) => ({
  ok: false as const,
  error: { code: 'conflict' as const, message: 'refused', params }
})

beforeEach(() => {
  setActivePinia(createPinia())
  for (const fn of [...Object.values(day), exporter.csv, ...Object.values(reconcile), on]) fn.mockReset()
  listeners.clear()
  downloads.length = 0
})

afterEach(() => {
  vi.useRealTimers()
})

describe('closeRefusalOf', () => {
  it('words each conflict of day:close, and nothing else', () => {
    const error = (params: Record<string, string>) => ({ code: 'conflict' as const, message: 'x', params })
    expect(closeRefusalOf(error({ reason: 'creating', sales: '2' }))).toEqual({
      reason: 'creating',
      count: 2,
      sales: []
    })
    expect(closeRefusalOf(error({ reason: 'creating', sales: 'sale_a1b2c3d4e5, sale_f6g7h8i9j0' }))).toEqual({
      reason: 'creating',
      count: 2,
      sales: ['sale_a1b2c3d4e5', 'sale_f6g7h8i9j0']
    })
    // Main named no sales: the report's own list stands in, and at least one is being created.
    expect(closeRefusalOf(error({ reason: 'creating' }), ['sale_x'])).toEqual({
      reason: 'creating',
      count: 1,
      sales: ['sale_x']
    })
    expect(closeRefusalOf(error({ reason: 'already-closed' }))).toEqual({ reason: 'already-closed' })
    expect(closeRefusalOf(error({ reason: 'future' }))).toEqual({ reason: 'future' })
    expect(closeRefusalOf(error({ reason: 'fully-refunded' }))).toBeNull()
    expect(closeRefusalOf({ code: 'internal', message: 'x' })).toBeNull()
  })
})

describe('download names', () => {
  it('keeps main’s name, cut to its last segment and made safe, with the extension of its type', () => {
    expect(downloadName({ fileName: 'kassa-day-2025-03-14.pdf', mimeType: 'application/pdf' }, 'x.pdf')).toBe(
      'kassa-day-2025-03-14.pdf'
    )
    expect(downloadName({ fileName: '../../etc/passwd', mimeType: 'text/csv' }, 'x.csv')).toBe('passwd.csv')
    expect(downloadName({ fileName: 'a:b*c?.csv', mimeType: 'text/csv' }, 'x.csv')).toBe('a-b-c-.csv')
    expect(downloadName({ fileName: 'report.csv', mimeType: 'application/pdf' }, 'x.pdf')).toBe('report.pdf')
    expect(downloadName({ fileName: '...', mimeType: 'application/pdf' }, 'fallback.pdf')).toBe(
      'fallback.pdf'
    )
    expect(downloadName({ fileName: '', mimeType: 'text/csv' }, 'fallback.csv')).toBe('fallback.csv')
    expect(csvName('refunds', '2025-03-01', '2025-03-07')).toBe('kassa-refunds-2025-03-01-2025-03-07.csv')
    expect(csvName('invoices', '2025-03-01', '2025-03-01')).toBe('kassa-invoices-2025-03-01.csv')
  })
})

describe('useDayStore', () => {
  it('loads the list, the current day’s report and charts; picking a day asks for that day', async () => {
    day.list.mockResolvedValue(ok(fixtures.dayList()))
    day.report.mockResolvedValueOnce(ok(fixtures.openReport()))
    day.charts.mockResolvedValue(ok(fixtures.charts()))
    const store = useDayStore()
    await store.load()
    expect(day.report).toHaveBeenCalledWith({})
    expect(store.report?.day).toBe(fixtures.TODAY)
    expect(store.currentDay).toBe(fixtures.TODAY)
    expect(store.canClose).toBe(true)

    day.report.mockResolvedValueOnce(ok(fixtures.closedReport()))
    await store.select(fixtures.YESTERDAY)
    expect(day.report).toHaveBeenLastCalledWith({ day: fixtures.YESTERDAY })
    expect(day.charts).toHaveBeenLastCalledWith({ day: fixtures.YESTERDAY })
    expect(store.report?.state).toBe('closed')
    expect(store.canClose).toBe(false)
  })

  it('an older report answer arriving last does not replace the newer one', async () => {
    let answerFirst: (value: unknown) => void = () => undefined
    day.report.mockImplementationOnce(() => new Promise((done) => (answerFirst = done)))
    day.report.mockResolvedValueOnce(ok(fixtures.closedReport()))
    day.charts.mockResolvedValue(ok(fixtures.charts()))
    const store = useDayStore()
    const first = store.select(fixtures.TODAY)
    await store.select(fixtures.YESTERDAY)
    answerFirst(ok(fixtures.openReport()))
    await first
    expect(store.report?.day).toBe(fixtures.YESTERDAY)
  })

  it('closing: a conflict is kept for the dialog with its params; success shows the Z report', async () => {
    const creating: DayReportView = { ...fixtures.openReport(), creatingSales: ['sale_a1b2c3d4e5'] }
    day.report.mockResolvedValue(ok(creating))
    day.list.mockResolvedValue(ok(fixtures.dayList()))
    day.charts.mockResolvedValue(ok(fixtures.charts()))
    const store = useDayStore()
    await store.load()
    expect(store.canClose).toBe(false)

    day.close.mockResolvedValueOnce(conflict({ reason: 'creating', sales: '3' }))
    expect(await store.close()).toBe(false)
    expect(day.close).toHaveBeenCalledWith({ day: fixtures.TODAY })
    expect(store.closeRefusal).toEqual({ reason: 'creating', count: 3, sales: ['sale_a1b2c3d4e5'] })
    expect(store.closeError).toBeNull()

    day.close.mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'disk full' } })
    expect(await store.close()).toBe(false)
    expect(store.closeRefusal).toBeNull()
    expect(store.closeError).toMatchObject({ code: 'internal' })

    day.close.mockResolvedValueOnce(ok(fixtures.todayClosed()))
    expect(await store.close()).toBe(true)
    expect(store.report?.state).toBe('closed')
    expect(store.report?.closedBy).toBe('owner')
    expect(store.closeState).toBe('done')
  })

  it('already closed: the report is read again so the Z report shows', async () => {
    day.report.mockResolvedValueOnce(ok(fixtures.openReport()))
    day.report.mockResolvedValueOnce(ok(fixtures.todayClosed()))
    const store = useDayStore()
    await store.loadReport()
    day.close.mockResolvedValueOnce(conflict({ reason: 'already-closed' }))
    expect(await store.close()).toBe(false)
    expect(store.closeRefusal).toEqual({ reason: 'already-closed' })
    await vi.waitFor(() => expect(store.report?.state).toBe('closed'))
  })

  it('saves the PDF and the CSV under main’s names and says what it saved', async () => {
    day.report.mockResolvedValueOnce(ok(fixtures.openReport()))
    const store = useDayStore()
    await store.loadReport()
    day.pdf.mockResolvedValueOnce(
      ok({ fileName: 'kassa-day-2025-03-14.pdf', mimeType: 'application/pdf', content: 'JVBERi0=', count: 2 })
    )
    expect(await store.savePdf('de-DE')).toBe(true)
    expect(day.pdf).toHaveBeenCalledWith({ day: fixtures.TODAY, locale: 'de-DE' })
    expect(downloads).toEqual([{ name: 'kassa-day-2025-03-14.pdf', type: 'application/pdf', size: 8 }])
    expect(store.fileNotice).toEqual({ action: 'pdf', fileName: 'kassa-day-2025-03-14.pdf', count: 2 })

    const created: Blob[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return 'blob:x'
    })
    const clicked: string[] = []
    vi.stubGlobal('URL', { createObjectURL, revokeObjectURL: vi.fn() })
    vi.stubGlobal('document', {
      createElement: () => {
        const link = {
          href: '',
          download: '',
          click: () => clicked.push(link.download),
          remove: () => undefined
        }
        return link
      },
      body: { append: () => undefined }
    })
    exporter.csv.mockResolvedValueOnce(
      ok({ fileName: '', mimeType: 'text/csv', content: 'id,amount\nA1,12.50\n', count: 1 })
    )
    try {
      expect(await store.exportCsv('invoices', '2025-03-01', '2025-03-14')).toBe(true)
    } finally {
      vi.unstubAllGlobals()
    }
    expect(exporter.csv).toHaveBeenCalledWith({
      kind: 'invoices',
      fromDay: '2025-03-01',
      toDay: '2025-03-14'
    })
    expect(clicked).toEqual(['kassa-invoices-2025-03-01-2025-03-14.csv'])
    expect(await created[0]!.text()).toBe('id,amount\nA1,12.50\n')
    expect(store.fileNotice).toEqual({
      action: 'csv',
      fileName: 'kassa-invoices-2025-03-01-2025-03-14.csv',
      count: 1
    })

    day.print.mockResolvedValueOnce({
      ok: false,
      error: { code: 'delivery-failed', message: 'printer offline' }
    })
    expect(await store.print('en-US')).toBe(false)
    expect(store.fileError).toMatchObject({ code: 'delivery-failed' })
    expect(store.fileNotice).toBeNull()
    expect(store.fileBusy).toBeNull()
  })

  it('follows sales: an open day’s report is read again once sales are quiet; a closed one is not', async () => {
    vi.useFakeTimers()
    day.report.mockResolvedValue(ok(fixtures.openReport()))
    day.charts.mockResolvedValue(ok(fixtures.charts()))
    const store = useDayStore()
    await store.loadReport()
    const follow = new AbortController()
    store.follow(follow.signal)
    day.report.mockClear()
    emit('sale:updated', {})
    emit('sale:updated', {})
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS - 1)
    expect(day.report).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(day.report).toHaveBeenCalledTimes(1)

    store.report = fixtures.closedReport()
    emit('sale:updated', {})
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2)
    expect(day.report).toHaveBeenCalledTimes(1)

    store.report = fixtures.openReport()
    follow.abort()
    emit('sale:updated', {})
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2)
    expect(day.report).toHaveBeenCalledTimes(1)
  })
})

describe('useReconcileStore', () => {
  const progress = (
    over: Partial<ReconcileRunView['progress']>,
    state: ReconcileRunView['state'] = 'running'
  ) => ({
    id: fixtures.RUN_ID,
    processor: 'btcpay',
    state,
    progress: { pages: 1, invoices: 50, requests: 1, estimatedPages: 4, ...over }
  })

  it('progress events move the run on, never back; the end reads the differences', async () => {
    reconcile.start.mockResolvedValueOnce(ok(fixtures.run()))
    reconcile.get.mockResolvedValue(ok(fixtures.doneRun()))
    const store = useReconcileStore()
    const follow = new AbortController()
    store.follow(follow.signal)
    expect(await store.start('btcpay', '2025-03-14', '2025-03-14')).toBe(true)
    expect(reconcile.start).toHaveBeenCalledWith({
      processor: 'btcpay',
      fromDay: '2025-03-14',
      toDay: '2025-03-14'
    })
    expect(store.running).toBe(true)
    expect(store.fraction).toBe(0.25)

    emit('reconcile:progress', progress({ pages: 3, invoices: 150, requests: 3 }))
    expect(store.run?.progress).toMatchObject({ pages: 3, invoices: 150, requests: 3 })
    expect(store.fraction).toBe(0.75)
    // An event of another run, or an older one, changes nothing.
    emit('reconcile:progress', { ...progress({ pages: 9 }), id: 'rec_other0000001' })
    emit('reconcile:progress', progress({ pages: 2, invoices: 100, requests: 2 }))
    expect(store.run?.progress.pages).toBe(3)
    expect(reconcile.get).not.toHaveBeenCalled()

    emit('reconcile:progress', progress({ pages: 4, invoices: 187, requests: 4 }, 'done'))
    await vi.waitFor(() => expect(store.run?.differences).toHaveLength(4))
    expect(reconcile.get).toHaveBeenCalledWith({ runId: fixtures.RUN_ID })
    expect(store.running).toBe(false)
    expect(store.groups.map((g) => g.kind)).toEqual([
      'missing-in-kassa',
      'missing-at-processor',
      'status-differs',
      'amount-differs'
    ])
    follow.abort()
  })

  it('an event that came before start answered is applied to its run', async () => {
    let answer: (value: unknown) => void = () => undefined
    reconcile.start.mockImplementationOnce(() => new Promise((done) => (answer = done)))
    const store = useReconcileStore()
    store.follow(new AbortController().signal)
    const started = store.start('btcpay', '2025-03-14', '2025-03-14')
    emit('reconcile:progress', progress({ pages: 2, invoices: 100, requests: 2 }))
    answer(ok(fixtures.run()))
    await started
    expect(store.run?.progress.pages).toBe(2)
  })

  it('reads a running run again on its own when no event comes, and stops once nobody follows', async () => {
    vi.useFakeTimers()
    reconcile.start.mockResolvedValueOnce(ok(fixtures.run()))
    reconcile.get.mockResolvedValue(
      ok(fixtures.run({ progress: { pages: 2, invoices: 99, requests: 2, estimatedPages: 4 } }))
    )
    const store = useReconcileStore()
    const follow = new AbortController()
    store.follow(follow.signal)
    await store.start('btcpay', '2025-03-14', '2025-03-14')
    await vi.advanceTimersByTimeAsync(RECONCILE_POLL_MS)
    expect(reconcile.get).toHaveBeenCalledTimes(1)
    expect(store.run?.progress.invoices).toBe(99)
    follow.abort()
    await vi.advanceTimersByTimeAsync(RECONCILE_POLL_MS * 3)
    expect(reconcile.get).toHaveBeenCalledTimes(1)
  })

  it('cancel stops the run and keeps what was compared', async () => {
    reconcile.start.mockResolvedValueOnce(ok(fixtures.run()))
    reconcile.cancel.mockResolvedValueOnce(
      ok(fixtures.run({ state: 'cancelled', matched: 12, finishedAt: '2025-03-14T20:00:05.000Z' }))
    )
    const store = useReconcileStore()
    await store.start('btcpay', '2025-03-14', '2025-03-14')
    await store.cancel()
    expect(reconcile.cancel).toHaveBeenCalledWith({ runId: fixtures.RUN_ID })
    expect(store.run?.state).toBe('cancelled')
    expect(store.run?.matched).toBe(12)
    // A late progress event of the cancelled run does not bring it back.
    emit('reconcile:progress', progress({ pages: 3 }))
    expect(store.run?.state).toBe('cancelled')
    await store.cancel()
    expect(reconcile.cancel).toHaveBeenCalledTimes(1)
  })

  it('review, recheck and import act on one difference; a failure stays next to it', async () => {
    reconcile.start.mockResolvedValueOnce(ok(fixtures.doneRun()))
    const store = useReconcileStore()
    await store.start('btcpay', '2025-03-14', '2025-03-14')
    const key = 'missing-at-processor:btcpay:sale_5k4j3h2g1f'
    const difference = fixtures.differences().find((d) => d.key === key)!
    reconcile.review.mockResolvedValueOnce(
      ok({ ...difference, reviewed: { note: 'Network down', at: '2025-03-14T20:01:00.000Z', by: 'owner' } })
    )
    expect(await store.review(key, '  Network down ')).toBe(true)
    expect(reconcile.review).toHaveBeenCalledWith({ runId: fixtures.RUN_ID, key, note: 'Network down' })
    expect(store.run?.differences.find((d) => d.key === key)?.reviewed?.note).toBe('Network down')

    const importKey = 'missing-in-kassa:btcpay:PoS7xQ2'
    reconcile.import.mockResolvedValueOnce({
      ok: false,
      error: { code: 'processor-unavailable', message: 'BTCPay is down' }
    })
    expect(await store.importInvoice(importKey)).toBe(false)
    expect(store.differenceErrors[importKey]).toMatchObject({ code: 'processor-unavailable' })
    expect(store.busyKey).toBeNull()

    const after = {
      ...fixtures.doneRun(),
      differences: fixtures.differences().filter((d) => d.key !== importKey)
    }
    reconcile.import.mockResolvedValueOnce(ok(after))
    expect(await store.importInvoice(importKey)).toBe(true)
    expect(store.differenceErrors[importKey]).toBeUndefined()
    expect(store.groups.map((g) => g.kind)).not.toContain('missing-in-kassa')
  })

  it('a refused start says why and shows no run', async () => {
    reconcile.start.mockResolvedValueOnce({
      ok: false,
      error: { code: 'invalid-input', message: 'too many days' }
    })
    const store = useReconcileStore()
    expect(await store.start('btcpay', '2025-01-01', '2025-06-01')).toBe(false)
    expect(store.error).toMatchObject({ code: 'invalid-input' })
    expect(store.run).toBeNull()
  })

  it('groups differences by kind in a fixed order, empty kinds left out', () => {
    const list = fixtures.differences().reverse()
    expect(groupDifferences(list).map((g) => [g.kind, g.differences.length])).toEqual([
      ['missing-in-kassa', 1],
      ['missing-at-processor', 1],
      ['status-differs', 1],
      ['amount-differs', 1]
    ])
    expect(groupDifferences([])).toEqual([])
  })
})
