import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView, SettingsView } from '@shared/contract'
import type { PrintJobView, ReceiptDocument } from '@shared/receipt'
import { MAY_HAVE_PRINTED } from '@shared/receipt'
import { openDatabase } from '../../../src/main/ledger/database'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { LoopbackPrinter } from '../../simulators/printer'
import { TestSmtpServer } from '../../simulators/smtp'
import { testCore } from '../core/helpers'
import { closedPort, ok } from '../core/processor-helpers'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'

const GS_QR = '\x1d(k'
const GS_CUT = '\x1dV'
const SHOP = {
  name: 'Café Morgenrot',
  address: 'Hauptstraße 1\n10115 Berlin',
  taxId: 'DE123456789',
  footer: 'Danke!'
}

let dir: ReturnType<typeof tempDir>
let core: Core
let printer: LoopbackPrinter
let secrets: MemorySecretStore

function makeCore(): Core {
  return testCore(dir.path, {
    secrets,
    receipts: { timeZone: 'Europe/Berlin', backoff: { baseMs: 100, maxMs: 400 }, printerTimeoutMs: 2000 }
  })
}

beforeEach(async () => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  printer = await LoopbackPrinter.start()
  core = makeCore()
  await core.start()
  await ok(core, 'settings:update', {
    currency: 'EUR',
    receipt: { shop: SHOP, printer: { host: '127.0.0.1', port: printer.port, paperWidth: 80 } }
  })
})
afterEach(async () => {
  await core.stop()
  await printer.close()
  dir.remove()
})

/** Charge on the Demo and pay in full; the sale once paid. */
async function paidSale(amount = '12.50'): Promise<SaleView> {
  const sale = await ok<SaleView>(core, 'sale:charge', {
    amount,
    currency: 'EUR',
    lines: [{ name: 'Käsekuchen', unitPrice: amount, quantity: 1 }]
  })
  await ok(core, 'demo:simulate', { saleId: sale.id, kind: 'full' })
  return waitFor(
    () => ok<SaleView>(core, 'sale:get', { saleId: sale.id }),
    (s) => s.state === 'paid',
    { what: 'sale paid' }
  )
}

const printed = (jobId: string): Promise<PrintJobView[]> =>
  waitFor(
    () => ok<PrintJobView[]>(core, 'receipt:printQueue', {}),
    (jobs) => jobs.find((job) => job.id === jobId)?.state === 'printed',
    { what: `job ${jobId} printed` }
  )

describe('receipt numbers', () => {
  it('a paid sale gets <till>-<yyyymmdd>-<n>, counting up, and search finds it by the whole number', async () => {
    const first = await paidSale('3.00')
    const second = await paidSale('4.00')
    expect(first.receiptNumber).toMatch(/^T1-\d{8}-1$/)
    expect(second.receiptNumber).toBe(first.receiptNumber!.replace(/-1$/, '-2'))
    const found = await ok<SaleView[]>(core, 'sale:find', { query: second.receiptNumber })
    expect(found.map((sale) => sale.id)).toEqual([second.id])
    const doc = await ok<ReceiptDocument>(core, 'receipt:get', { saleId: second.id, locale: 'de' })
    expect(doc).toMatchObject({
      receiptNumber: second.receiptNumber,
      shop: { name: SHOP.name },
      language: 'de'
    })
    expect(doc.crypto[0]).toMatchObject({ coin: 'BTC' })
  })

  it('settings keep the shop details and the SMTP password stays in the keychain', async () => {
    const settings = await ok<SettingsView>(core, 'settings:update', {
      receipt: {
        email: {
          host: 'smtp.example',
          port: 465,
          security: 'tls',
          user: 'shop',
          from: 'a@b.example',
          password: 'hunter2-secret'
        }
      }
    })
    expect(settings.receipt?.shop).toMatchObject(SHOP)
    expect(settings.receipt?.email).toMatchObject({ host: 'smtp.example', passwordStored: true })
    expect(JSON.stringify(settings)).not.toContain('hunter2-secret')
    expect(await secrets.get('smtp-password')).toBe('hunter2-secret')
    const rows = openDatabase(join(dir.path, 'kassa.sqlite')).prepare('SELECT value FROM settings').all() as {
      value: string
    }[]
    expect(rows.map((row) => row.value).join()).not.toContain('hunter2-secret')
    // Same server, other fields: the password stays.
    const same = await ok<SettingsView>(core, 'settings:update', { receipt: { email: { port: 587 } } })
    expect(same.receipt?.email.passwordStored).toBe(true)
    // Another server without a password of its own: the old server's password is forgotten, never sent there.
    const moved = await ok<SettingsView>(core, 'settings:update', {
      receipt: { email: { host: 'mail.other.example' } }
    })
    expect(moved.receipt?.email).toMatchObject({ host: 'mail.other.example', passwordStored: false })
    expect(await secrets.get('smtp-password')).toBeNull()
  })
})

describe('the print queue and a network printer', () => {
  it('sends ESC/POS with the text, a QR and a cut to the printer', async () => {
    const sale = await paidSale()
    const job = await ok<PrintJobView>(core, 'receipt:print', { saleId: sale.id })
    expect(job).toMatchObject({ saleId: sale.id, state: 'queued' })
    await printed(job.id)
    expect(printer.prints).toHaveLength(1)
    const text = printer.texts[0]!
    expect(text).toContain('Morgenrot')
    expect(text).toContain(sale.receiptNumber!)
    expect(text).toContain('12.50')
    expect(text).toContain(GS_QR)
    expect(text).toContain(GS_CUT)
    // 80 mm: the text lines between the commands are at most 48 characters
    const widest = Math.max(...text.split('\n').map((line) => [...line].filter((c) => c >= ' ').length))
    expect(widest).toBeLessThanOrEqual(48 + 8)
  })

  it('a printer that is off leaves the job queued with its error; it prints once on retry, never twice', async () => {
    const off = await closedPort()
    await ok(core, 'settings:update', { receipt: { printer: { port: off } } })
    const sale = await paidSale()
    const job = await ok<PrintJobView>(core, 'receipt:print', { saleId: sale.id })
    const failing = await waitFor(
      () => ok<PrintJobView[]>(core, 'receipt:printQueue', { saleId: sale.id }),
      (jobs) => (jobs[0]?.attempts ?? 0) >= 2 && jobs[0]?.state === 'queued',
      { what: 'two failed attempts' }
    )
    expect(failing[0]).toMatchObject({ id: job.id, state: 'queued' })
    expect(failing[0]!.lastError).toMatch(/refused/)
    // asking again while it waits gives the same job
    const again = await ok<PrintJobView>(core, 'receipt:print', { saleId: sale.id })
    expect(again.id).toBe(job.id)
    // the printer comes back: retry sends it to the printer set up now
    await ok(core, 'settings:update', { receipt: { printer: { port: printer.port } } })
    await ok(core, 'receipt:printRetry', { jobId: job.id })
    await printed(job.id)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(printer.prints).toHaveLength(1)
    const jobs = await ok<PrintJobView[]>(core, 'receipt:printQueue', { saleId: sale.id })
    expect(jobs).toHaveLength(1)
    // an explicit reprint is a new job
    const reprint = await ok<PrintJobView>(core, 'receipt:print', { saleId: sale.id, reprint: true })
    expect(reprint.id).not.toBe(job.id)
    await printed(reprint.id)
    expect(printer.prints).toHaveLength(2)
  })

  it('a job found printing at restart is not resent: it says it may have printed', async () => {
    const off = await closedPort()
    await ok(core, 'settings:update', { receipt: { printer: { port: off } } })
    const sale = await paidSale()
    const job = await ok<PrintJobView>(core, 'receipt:print', { saleId: sale.id })
    await core.stop()
    // the till stopped between sending and recording: the row says printing
    const db = openDatabase(join(dir.path, 'kassa.sqlite'))
    db.prepare(`UPDATE print_jobs SET state = 'printing' WHERE id = ?`).run(job.id)
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'receipt:printer'`).run(
      JSON.stringify({ host: '127.0.0.1', port: printer.port, paperWidth: 80, autoPrint: false })
    )
    db.close()
    core = makeCore()
    await core.start()
    await new Promise((resolve) => setTimeout(resolve, 500))
    const [after] = await ok<PrintJobView[]>(core, 'receipt:printQueue', { saleId: sale.id })
    expect(after).toMatchObject({ state: 'failed', lastError: MAY_HAVE_PRINTED })
    expect(printer.prints).toHaveLength(0)
    // the cashier checked: retry prints it once
    await ok(core, 'receipt:printRetry', { jobId: job.id })
    await printed(job.id)
    expect(printer.prints).toHaveLength(1)
  })

  it('auto-print on settlement enqueues exactly once per sale', async () => {
    await ok(core, 'settings:update', { receipt: { printer: { autoPrint: true } } })
    const sale = await paidSale()
    const [job] = await waitFor(
      () => ok<PrintJobView[]>(core, 'receipt:printQueue', { saleId: sale.id }),
      (jobs) => jobs[0]?.state === 'printed',
      { what: 'auto-printed' }
    )
    expect(job).toBeDefined()
    // the tracker reading the settled invoice again changes nothing
    const invoice = core.ledger.getInvoiceForSale(sale.id)!
    core.ledger.applyInvoice(sale.id, { ...invoice, rawStatus: 'complete-again' })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await ok<PrintJobView[]>(core, 'receipt:printQueue', { saleId: sale.id })).toHaveLength(1)
    expect(printer.prints).toHaveLength(1)
  })
})

describe('PDF and e-mail', () => {
  it('the PDF receipt reads back with the shop name, receipt number and total', async () => {
    const sale = await paidSale()
    const { base64, fileName } = await ok<{ base64: string; fileName: string }>(core, 'receipt:pdf', {
      saleId: sale.id
    })
    expect(fileName).toBe(`${sale.receiptNumber}.pdf`)
    const file = join(dir.path, 'receipt.pdf')
    writeFileSync(file, Buffer.from(base64, 'base64'))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Café Morgenrot')
    expect(text).toContain(sale.receiptNumber!)
    expect(text).toMatch(/Total\s+€12\.50/)
  })

  it('e-mails the receipt through a real SMTP server: subject, to, total in the text, the PDF attached', async () => {
    const smtp = await TestSmtpServer.start()
    const port = smtp.port
    try {
      await ok(core, 'settings:update', {
        receipt: {
          email: {
            host: '127.0.0.1',
            port,
            security: 'none',
            user: 'shop',
            from: 'Café Morgenrot <shop@morgenrot.example>',
            password: 'smtp-pass-123'
          }
        }
      })
      const sale = await paidSale()
      await ok(core, 'receipt:email', { saleId: sale.id, to: 'kunde@example.com', locale: 'de' })
      const [mail] = await waitFor(
        () => smtp.received,
        (list) => list.length === 1,
        { what: 'mail' }
      )
      expect(smtp.logins).toEqual([{ username: 'shop', password: 'smtp-pass-123' }])
      expect(mail!.subject).toBe(`Ihr Beleg ${sale.receiptNumber} von Café Morgenrot`)
      expect((mail!.to as { text: string }).text).toBe('kunde@example.com')
      expect(mail!.text).toMatch(/Summe\s+12,50\s€/)
      expect(mail!.html).toContain('Café Morgenrot')
      expect(mail!.attachments).toHaveLength(1)
      expect(mail!.attachments[0]).toMatchObject({
        contentType: 'application/pdf',
        filename: `${sale.receiptNumber}.pdf`
      })
      expect(mail!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-')
    } finally {
      await smtp.close()
    }
  })
})
