import { formatDisplay } from '@shared/money'
import type { ReceiptDocument, ReceiptLanguage, ReceiptPaymentKind } from '@shared/receipt'

/** The words of a printed, PDF or e-mailed receipt (main has no vue-i18n; the screen has its own in `receipt.ts`). */
export interface ReceiptWords {
  receipt: string
  receiptNumber: string
  sale: string
  defaultLine: string
  subtotal: string
  discount: string
  /** `{rate}`: `19`. */
  taxAdded: string
  taxIncluded: string
  taxOn: string
  tip: string
  total: string
  paidWith: string
  rate: string
  transaction: string
  processor: string
  invoice: string
  refunds: string
  refunded: string
  taxId: string
  kinds: Record<ReceiptPaymentKind, string>
  refundKinds: Record<'pull-payment' | 'withdrawal' | 'recorded', string>
  notPaid: string
  emailSubject: string
  emailIntro: string
  testPageTitle: string
  testPageText: string
  testEmailSubject: string
  testEmailText: string
}

const EN: ReceiptWords = {
  receipt: 'Receipt',
  receiptNumber: 'Receipt no.',
  sale: 'Sale',
  defaultLine: 'Sale',
  subtotal: 'Subtotal',
  discount: 'Discount',
  taxAdded: 'Tax {rate} %',
  taxIncluded: 'incl. tax {rate} %',
  taxOn: 'on {base}',
  tip: 'Tip',
  total: 'Total',
  paidWith: 'Paid with',
  rate: 'Rate',
  transaction: 'Transaction',
  processor: 'Processor',
  invoice: 'Invoice',
  refunds: 'Refunds',
  refunded: 'Refunded',
  taxId: 'Tax ID',
  kinds: { onchain: 'Bitcoin on-chain', lightning: 'Bitcoin Lightning', coin: '{coin}' },
  refundKinds: {
    'pull-payment': 'Refund link',
    withdrawal: 'Sent to wallet',
    recorded: 'Refunded outside Kassa'
  },
  notPaid: 'Not paid',
  emailSubject: 'Your receipt {number} from {shop}',
  emailIntro: 'Thank you for your purchase. Your receipt is below and attached as a PDF.',
  testPageTitle: 'Test page',
  testPageText: 'The printer is set up for Kassa.',
  testEmailSubject: 'Kassa test e-mail',
  testEmailText: 'The SMTP server is set up: receipts can be e-mailed from Kassa.'
}

const DE: ReceiptWords = {
  receipt: 'Beleg',
  receiptNumber: 'Beleg-Nr.',
  sale: 'Verkauf',
  defaultLine: 'Verkauf',
  subtotal: 'Zwischensumme',
  discount: 'Rabatt',
  taxAdded: 'MwSt. {rate} %',
  taxIncluded: 'enth. MwSt. {rate} %',
  taxOn: 'auf {base}',
  tip: 'Trinkgeld',
  total: 'Summe',
  paidWith: 'Bezahlt mit',
  rate: 'Kurs',
  transaction: 'Transaktion',
  processor: 'Zahlungsdienst',
  invoice: 'Rechnung',
  refunds: 'Rückerstattungen',
  refunded: 'Zurückerstattet',
  taxId: 'USt-IdNr.',
  kinds: { onchain: 'Bitcoin on-chain', lightning: 'Bitcoin Lightning', coin: '{coin}' },
  refundKinds: {
    'pull-payment': 'Erstattungslink',
    withdrawal: 'An Wallet gesendet',
    recorded: 'Außerhalb von Kassa erstattet'
  },
  notPaid: 'Nicht bezahlt',
  emailSubject: 'Ihr Beleg {number} von {shop}',
  emailIntro: 'Vielen Dank für Ihren Einkauf. Ihr Beleg steht unten und liegt als PDF bei.',
  testPageTitle: 'Testseite',
  testPageText: 'Der Drucker ist für Kassa eingerichtet.',
  testEmailSubject: 'Kassa-Test-E-Mail',
  testEmailText: 'Der SMTP-Server ist eingerichtet: Belege können aus Kassa gemailt werden.'
}

/** The receipt words of a language. */
export function receiptWords(language: ReceiptLanguage): ReceiptWords {
  return language === 'de' ? DE : EN
}

/** Fill `{name}` placeholders. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

/** Money and dates of a receipt in its `Intl` locale; exact (Intl formats the decimal string, no float). */
export function receiptFormat(doc: Pick<ReceiptDocument, 'intlLocale'>): {
  money(decimal: string, currency: string): string
  date(iso: string): string
  percent(decimal: string): string
} {
  return {
    money(decimal, currency) {
      try {
        return formatDisplay(decimal, currency, doc.intlLocale)
      } catch {
        // a coin or a currency this build does not know: digit for digit
        return `${decimal} ${currency}`
      }
    },
    date(iso) {
      return new Intl.DateTimeFormat(doc.intlLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso)
      )
    },
    percent(decimal) {
      // `"19.00"` → `19`, `"7.5"` → `7,5` in German: the decimal string is formatted as is (no float).
      return new Intl.NumberFormat(doc.intlLocale, { maximumFractionDigits: 4 }).format(
        decimal as unknown as number
      )
    }
  }
}
