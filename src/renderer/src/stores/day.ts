import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KassaErrorData } from '@shared/contract'
import type { BusinessDayId, DayChartsView, DayReportView, DaySummaryView } from '@shared/day'
import { kassa } from '../api/client'
import { closeRefusalOf, type CloseRefusal } from '../day/close-refusal'
import { csvName, dayPdfName, saveExportFile } from '../day/day-files'
import type { AsyncState } from './async-state'

/** How many days the picker lists (`day:list` takes 1–366). */
export const DAY_LIST_LIMIT = 60
/** Quiet time after the last `sale:updated` before the running X report is read again (a sale sends several). */
export const LIVE_REFRESH_MS = 800

/** The file action under way, or the last one done (for the screen's notice). */
export type DayFileAction = 'print' | 'pdf' | 'csv'

/** What the last file action did, for the screen to word: the file name offered, the rows or pages in it. */
export interface DayFileNotice {
  action: DayFileAction
  fileName: string | null
  count: number
}

/**
 * The owner's Day screen: the list of business days, the chosen day's report (the running X report, or the frozen Z
 * report once closed), its charts, closing it, and its files (print, PDF, CSV). Talks only through `kassa.day.*`
 * and `kassa.export.csv`; while `follow` runs, `sale:updated` reads an open day's report again.
 */
export const useDayStore = defineStore('day', () => {
  const days = ref<DaySummaryView[]>([])
  const daysError = ref<KassaErrorData | null>(null)
  /** The day asked for; null = the current business day (main decides which that is). */
  const selected = ref<BusinessDayId | null>(null)
  const report = ref<DayReportView | null>(null)
  const reportState = ref<AsyncState>('idle')
  const reportError = ref<KassaErrorData | null>(null)
  const charts = ref<DayChartsView | null>(null)
  const chartsError = ref<KassaErrorData | null>(null)

  const closeState = ref<AsyncState>('idle')
  /** A `conflict` of the last close, for the dialog to word; other failures are in `closeError`. */
  const closeRefusal = ref<CloseRefusal | null>(null)
  const closeError = ref<KassaErrorData | null>(null)

  const fileBusy = ref<DayFileAction | null>(null)
  const fileError = ref<KassaErrorData | null>(null)
  const fileNotice = ref<DayFileNotice | null>(null)

  /** The current business day as the list or the report knows it. */
  const currentDay = computed<BusinessDayId | null>(() =>
    report.value?.current ? report.value.day : (days.value[0]?.day ?? null)
  )
  /** The report shown can be closed: open, not being created, and main says it has no sale being created. */
  const canClose = computed(() => report.value?.state === 'open' && report.value.creatingSales.length === 0)

  let daysSequence = 0
  /** Read the day list (newest first); a failure keeps the list shown. */
  async function loadDays(): Promise<void> {
    const mine = ++daysSequence
    daysError.value = null
    const result = await kassa.day.list({ limit: DAY_LIST_LIMIT })
    if (mine !== daysSequence) return
    if (!result.ok) {
      daysError.value = result.error
      return
    }
    days.value = result.value
  }

  let reportSequence = 0
  /** Read the chosen day's report; a failure keeps the report shown (a refresh that failed says so). */
  async function loadReport(): Promise<void> {
    const mine = ++reportSequence
    reportState.value = 'loading'
    reportError.value = null
    const result = await kassa.day.report(selected.value ? { day: selected.value } : {})
    if (mine !== reportSequence) return
    if (!result.ok) {
      reportError.value = result.error
      reportState.value = 'error'
      return
    }
    report.value = result.value
    reportState.value = 'done'
  }

  let chartsSequence = 0
  /** Read the chosen day's chart data. */
  async function loadCharts(): Promise<void> {
    const mine = ++chartsSequence
    chartsError.value = null
    const result = await kassa.day.charts(selected.value ? { day: selected.value } : {})
    if (mine !== chartsSequence) return
    if (!result.ok) {
      chartsError.value = result.error
      return
    }
    charts.value = result.value
  }

  /** Everything the screen shows, read again. */
  async function load(): Promise<void> {
    await Promise.all([loadDays(), loadReport(), loadCharts()])
  }

  /** Show `day` (null: the current business day); the last close's and file's messages are for the old day. */
  async function select(day: BusinessDayId | null): Promise<void> {
    selected.value = day
    report.value = report.value?.day === day ? report.value : null
    charts.value = null
    closeRefusal.value = null
    closeError.value = null
    fileNotice.value = null
    fileError.value = null
    await Promise.all([loadReport(), loadCharts()])
  }

  /**
   * Close the day shown: on success its frozen Z report replaces the X report and the list says closed. A
   * `conflict` lands in `closeRefusal` (being created, already closed, future); when already closed, the report is
   * read again so the screen shows the Z report.
   * @returns true when the day was closed
   */
  async function close(): Promise<boolean> {
    const shown = report.value
    if (!shown) return false
    closeState.value = 'loading'
    closeRefusal.value = null
    closeError.value = null
    const result = await kassa.day.close({ day: shown.day })
    if (!result.ok) {
      closeRefusal.value = closeRefusalOf(result.error, shown.creatingSales)
      if (!closeRefusal.value) closeError.value = result.error
      closeState.value = 'error'
      if (closeRefusal.value?.reason !== 'future') void loadReport()
      return false
    }
    report.value = result.value
    closeState.value = 'done'
    void loadDays()
    return true
  }

  /** Run one file action; its failure lands in `fileError`, what it did in `fileNotice`. */
  async function fileAction(
    action: DayFileAction,
    run: () => Promise<DayFileNotice | null>
  ): Promise<boolean> {
    fileBusy.value = action
    fileError.value = null
    fileNotice.value = null
    try {
      const notice = await run()
      fileNotice.value = notice
      return notice !== null
    } finally {
      fileBusy.value = null
    }
  }

  /** Print the shown day's report on the receipt printer, in `locale` (a BCP 47 tag). */
  function print(locale: string): Promise<boolean> {
    return fileAction('print', async () => {
      const day = report.value?.day
      if (!day) return null
      const result = await kassa.day.print({ day, locale })
      if (!result.ok) return fail(result.error)
      return { action: 'print', fileName: null, count: result.value.bytes }
    })
  }

  /** Save the shown day's report as a PDF made in main, offered as a download. */
  function savePdf(locale: string): Promise<boolean> {
    return fileAction('pdf', async () => {
      const day = report.value?.day
      if (!day) return null
      const result = await kassa.day.pdf({ day, locale })
      if (!result.ok) return fail(result.error)
      const fileName = saveExportFile(result.value, dayPdfName(day))
      return { action: 'pdf', fileName, count: result.value.count }
    })
  }

  /** Export invoices or refunds of the business days [fromDay, toDay] as CSV, offered as a download. */
  function exportCsv(
    kind: 'invoices' | 'refunds',
    fromDay: BusinessDayId,
    toDay: BusinessDayId
  ): Promise<boolean> {
    return fileAction('csv', async () => {
      const result = await kassa.export.csv({ kind, fromDay, toDay })
      if (!result.ok) return fail(result.error)
      const fileName = saveExportFile(result.value, csvName(kind, fromDay, toDay))
      return { action: 'csv', fileName, count: result.value.count }
    })
  }

  function fail(error: KassaErrorData): null {
    fileError.value = error
    return null
  }

  let liveTimer: ReturnType<typeof setTimeout> | undefined
  /**
   * Keep an open day's report current while `signal` is not aborted: each `sale:updated` (a payment, a refund, a
   * late payment that becomes a correction) reads it again once sales have been quiet for `LIVE_REFRESH_MS`. A
   * closed day's Z report is frozen and not read again.
   */
  function follow(signal: AbortSignal): void {
    kassa.on(
      'sale:updated',
      () => {
        if (report.value && report.value.state !== 'open') return
        clearTimeout(liveTimer)
        liveTimer = setTimeout(() => {
          if (signal.aborted) return
          void loadReport()
          void loadCharts()
        }, LIVE_REFRESH_MS)
      },
      signal
    )
    signal.addEventListener('abort', () => clearTimeout(liveTimer), { once: true })
  }

  return {
    days,
    daysError,
    selected,
    report,
    reportState,
    reportError,
    charts,
    chartsError,
    closeState,
    closeRefusal,
    closeError,
    fileBusy,
    fileError,
    fileNotice,
    currentDay,
    canClose,
    loadDays,
    loadReport,
    loadCharts,
    load,
    select,
    close,
    print,
    savePdf,
    exportCsv,
    follow
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDayStore, import.meta.hot))
