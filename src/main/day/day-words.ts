import type { ReceiptLanguage } from '@shared/receipt'

/**
 * The words of the day close on paper and in its PDF (main has no vue-i18n; the owner's screen has its own).
 * `{name}` placeholders are filled by `fill` from `receipts/receipt-words.ts`.
 */
export interface DayWords {
  title: string
  /** The running report of a day still open. */
  xReport: string
  /** The frozen report of a closed day. */
  zReport: string
  businessDay: string
  /** `{from}`, `{to}`: local date-times. */
  bounds: string
  /** `{zone}`, `{hour}` (`03:00`), `{hours}` (23–25). */
  rule: string
  closedAt: string
  closedBy: string
  notClosed: string
  current: string
  madeAt: string
  totals: string
  sales: string
  gross: string
  discounts: string
  tax: string
  tips: string
  refunds: string
  net: string
  average: string
  underpaid: string
  overpaid: string
  byProcessor: string
  byMethod: string
  outcomes: string
  settled: string
  open: string
  expired: string
  invalid: string
  creating: string
  crypto: string
  coin: string
  amount: string
  smallestUnit: string
  fiatValue: string
  refundsByVariant: string
  refundsByActor: string
  count: string
  corrections: string
  /** `{day}`: the closed day it belongs to. */
  correctionFor: string
  correctionKinds: Record<'payment' | 'refund', string>
  receipt: string
  sale: string
  creatingSales: string
  /** Failed charges recovered on the day (not in the totals). */
  recovered: string
  /** `{day}`: the business day of the original sale. */
  recoveredFrom: string
  /** Under the section: the money is not part of the totals above. */
  recoveredApart: string
  none: string
  /** `{page}`, `{pages}`. */
  page: string
  /** Payment method ids and refund keys worded; anything else is shown as its id. */
  methods: Record<string, string>
  refundKeys: Record<string, string>
  actors: Record<string, string>
}

const EN: DayWords = {
  title: 'Day close',
  xReport: 'X report: the day so far',
  zReport: 'Z report: day closed',
  businessDay: 'Business day',
  bounds: 'From {from} to {to}',
  rule: 'Time zone {zone}, the day starts at {hour} ({hours} hours)',
  closedAt: 'Closed at',
  closedBy: 'Closed by',
  notClosed: 'Not closed: the figures may still change.',
  current: 'This is the current business day.',
  madeAt: 'Made at',
  totals: 'Totals',
  sales: 'Sales',
  gross: 'Gross sales',
  discounts: 'Discounts',
  tax: 'Tax',
  tips: 'Tips',
  refunds: 'Refunds',
  net: 'Net',
  average: 'Average sale',
  underpaid: 'Underpaid',
  overpaid: 'Overpaid',
  byProcessor: 'By processor',
  byMethod: 'By payment method',
  outcomes: 'Invoices',
  settled: 'Settled',
  open: 'Open',
  expired: 'Expired',
  invalid: 'Invalid',
  creating: 'Being created',
  crypto: "Crypto received (at each invoice's rate)",
  coin: 'Coin',
  amount: 'Amount',
  smallestUnit: 'Smallest unit',
  fiatValue: 'Fiat value',
  refundsByVariant: 'Refunds by variant',
  refundsByActor: 'Refunds by who gave them',
  count: 'Count',
  corrections: 'Corrections for closed days',
  correctionFor: 'for {day}',
  correctionKinds: { payment: 'Late payment', refund: 'Refund' },
  receipt: 'Receipt',
  sale: 'Sale',
  creatingSales: 'Sales still being created',
  recovered: 'Recovered failed charges',
  recoveredFrom: 'failed on {day}',
  recoveredApart: 'Not included in the totals and net above.',
  none: 'None',
  page: 'Page {page} of {pages}',
  methods: { 'BTC-CHAIN': 'Bitcoin on-chain', 'BTC-LN': 'Bitcoin Lightning', unknown: 'Unknown' },
  refundKeys: {
    RateThen: 'Rate then',
    CurrentRate: 'Current rate',
    Fiat: 'Fiat amount',
    OverpaidAmount: 'Overpaid amount',
    Custom: 'Custom amount',
    'pull-payment': 'Refund link',
    withdrawal: 'Sent to wallet',
    recorded: 'Refunded outside Kassa'
  },
  actors: { cashier: 'Cashier', owner: 'Owner', system: 'System' }
}

const DE: DayWords = {
  title: 'Tagesabschluss',
  xReport: 'X-Bericht: der Tag bis jetzt',
  zReport: 'Z-Bericht: Tag abgeschlossen',
  businessDay: 'Geschäftstag',
  bounds: 'Von {from} bis {to}',
  rule: 'Zeitzone {zone}, der Tag beginnt um {hour} ({hours} Stunden)',
  closedAt: 'Abgeschlossen am',
  closedBy: 'Abgeschlossen von',
  notClosed: 'Nicht abgeschlossen: die Zahlen können sich noch ändern.',
  current: 'Dies ist der laufende Geschäftstag.',
  madeAt: 'Erstellt am',
  totals: 'Summen',
  sales: 'Verkäufe',
  gross: 'Bruttoumsatz',
  discounts: 'Rabatte',
  tax: 'MwSt.',
  tips: 'Trinkgeld',
  refunds: 'Rückerstattungen',
  net: 'Einnahmen nach Erstattungen',
  average: 'Durchschnitt pro Verkauf',
  underpaid: 'Zu wenig bezahlt',
  overpaid: 'Zu viel bezahlt',
  byProcessor: 'Nach Zahlungsdienst',
  byMethod: 'Nach Zahlungsart',
  outcomes: 'Rechnungen',
  settled: 'Bezahlt',
  open: 'Offen',
  expired: 'Abgelaufen',
  invalid: 'Ungültig',
  creating: 'In Erstellung',
  crypto: 'Erhaltene Kryptowährung (zum Kurs der jeweiligen Rechnung)',
  coin: 'Währung',
  amount: 'Betrag',
  smallestUnit: 'Kleinste Einheit',
  fiatValue: 'Gegenwert',
  refundsByVariant: 'Rückerstattungen nach Art',
  refundsByActor: 'Rückerstattungen nach Person',
  count: 'Anzahl',
  corrections: 'Korrekturen für abgeschlossene Tage',
  correctionFor: 'für {day}',
  correctionKinds: { payment: 'Nachträgliche Zahlung', refund: 'Rückerstattung' },
  receipt: 'Beleg',
  sale: 'Verkauf',
  creatingSales: 'Verkäufe noch in Erstellung',
  recovered: 'Nachträglich bezahlte fehlgeschlagene Zahlungen',
  recoveredFrom: 'fehlgeschlagen am {day}',
  recoveredApart: 'Nicht in den Summen und im Netto oben enthalten.',
  none: 'Keine',
  page: 'Seite {page} von {pages}',
  methods: { 'BTC-CHAIN': 'Bitcoin on-chain', 'BTC-LN': 'Bitcoin Lightning', unknown: 'Unbekannt' },
  refundKeys: {
    RateThen: 'Kurs damals',
    CurrentRate: 'Aktueller Kurs',
    Fiat: 'Fiat-Betrag',
    OverpaidAmount: 'Überzahlter Betrag',
    Custom: 'Freier Betrag',
    'pull-payment': 'Erstattungslink',
    withdrawal: 'An Wallet gesendet',
    recorded: 'Außerhalb von Kassa erstattet'
  },
  actors: { cashier: 'Kassenpersonal', owner: 'Inhaber', system: 'System' }
}

/** The day close's words in a language. */
export function dayWords(language: ReceiptLanguage): DayWords {
  return language === 'de' ? DE : EN
}
