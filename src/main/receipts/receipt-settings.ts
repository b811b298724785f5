import type { EmailSettings, PrinterSettings, ReceiptSettingsView, ShopDetails } from '@shared/receipt'
import type { Ledger } from '../ledger/ledger'
import { holdSecret } from '../secrets/redact'
import type { SecretStore } from '../secrets/secret-store'

/** Keychain account of the SMTP password. */
export const SMTP_PASSWORD_ACCOUNT = 'smtp-password'

const SHOP_KEY = 'receipt:shop'
const PRINTER_KEY = 'receipt:printer'
const EMAIL_KEY = 'receipt:email'
const PASSWORD_STORED_KEY = 'receipt:smtpPasswordStored'

export const DEFAULT_SHOP: ShopDetails = { name: '', address: '', taxId: '', footer: '', logo: null }
export const DEFAULT_PRINTER: PrinterSettings = { host: '', port: 9100, paperWidth: 80, autoPrint: false }
const DEFAULT_EMAIL: Omit<EmailSettings, 'passwordStored'> = {
  host: '',
  port: 587,
  security: 'starttls',
  user: '',
  from: ''
}

/** What `settings:update {receipt}` may change: any part of each group; `email.password` null forgets it. */
export interface ReceiptSettingsUpdate {
  shop?: Partial<ShopDetails>
  printer?: Partial<PrinterSettings>
  email?: Partial<Omit<EmailSettings, 'passwordStored'>> & { password?: string | null }
}

function readJson<T extends object>(ledger: Pick<Ledger, 'getSetting'>, key: string, fallback: T): T {
  const raw = ledger.getSetting(key)
  if (!raw) return { ...fallback }
  try {
    return { ...fallback, ...(JSON.parse(raw) as Partial<T>) }
  } catch {
    return { ...fallback }
  }
}

/** The shop's details, printer and e-mail settings from the ledger (defaults where unset). Never the password. */
export function readReceiptSettings(ledger: Pick<Ledger, 'getSetting'>): ReceiptSettingsView {
  return {
    shop: readJson(ledger, SHOP_KEY, DEFAULT_SHOP),
    printer: readJson(ledger, PRINTER_KEY, DEFAULT_PRINTER),
    email: {
      ...readJson(ledger, EMAIL_KEY, DEFAULT_EMAIL),
      passwordStored: ledger.getSetting(PASSWORD_STORED_KEY) === '1'
    }
  }
}

/**
 * Apply a checked update (`call-schemas.ts` has the zod): each group merged into what is stored; the SMTP password
 * goes to the keychain (null deletes it) and the ledger keeps only that one is stored; a new SMTP host without a new
 * password forgets the stored one (it was given for the old server). The audit row names the
 * groups changed, never the password or the logo's bytes.
 * @throws KassaError `keychain-unavailable` when a password is given and there is no keychain (nothing else written)
 */
export async function updateReceiptSettings(
  ledger: Ledger,
  secrets: SecretStore,
  update: ReceiptSettingsUpdate
): Promise<void> {
  const { password, ...email } = update.email ?? {}
  const before = readReceiptSettings(ledger).email
  if (
    password === undefined &&
    before.passwordStored &&
    email.host !== undefined &&
    email.host.toLowerCase() !== before.host.toLowerCase()
  ) {
    // A password stored for one SMTP server never goes to another: a new server without a new password forgets it.
    if ((await secrets.availability()).available) await secrets.delete(SMTP_PASSWORD_ACCOUNT)
    ledger.setSetting(PASSWORD_STORED_KEY, null)
  }
  if (typeof password === 'string') {
    holdSecret(password)
    await secrets.set(SMTP_PASSWORD_ACCOUNT, password)
    ledger.setSetting(PASSWORD_STORED_KEY, '1')
  } else if (password === null) {
    if ((await secrets.availability()).available) await secrets.delete(SMTP_PASSWORD_ACCOUNT)
    ledger.setSetting(PASSWORD_STORED_KEY, null)
  }
  const current = readReceiptSettings(ledger)
  if (update.shop) ledger.setSetting(SHOP_KEY, JSON.stringify({ ...current.shop, ...update.shop }))
  if (update.printer)
    ledger.setSetting(PRINTER_KEY, JSON.stringify({ ...current.printer, ...update.printer }))
  if (update.email) {
    const { passwordStored: _stored, ...kept } = current.email
    ledger.setSetting(EMAIL_KEY, JSON.stringify({ ...kept, ...email }))
  }
  ledger.audit('owner', 'settings.receipt-updated', null, {
    shop: update.shop ? Object.keys(update.shop) : [],
    printer: update.printer ?? null,
    email: Object.keys(update.email ?? {})
  })
}

/** The SMTP password from the keychain, for the mailer only; null when none is stored. */
export async function smtpPassword(secrets: SecretStore): Promise<string | null> {
  const password = await secrets.get(SMTP_PASSWORD_ACCOUNT)
  if (password) holdSecret(password)
  return password
}
