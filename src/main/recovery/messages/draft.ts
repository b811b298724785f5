import type {
  RecoveryDetailView,
  RecoveryDraftView,
  RecoveryTemplate,
  RecoveryVariable
} from '@shared/recovery'
import { formatDisplay } from '@shared/money'
import { DEFAULT_TEMPLATES, fillTemplate } from './templates'
import { mailtoUrl } from '@shared/mailto'

/** What a draft is made from. */
export interface DraftInput {
  detail: RecoveryDetailView
  /** The owner's templates (or the defaults). */
  templates: readonly RecoveryTemplate[]
  /** The language asked for (`recovery:draft`'s `language`), if any. */
  language?: string
  /** The till's UI language (`en`, `de`), used when the customer's is not known. */
  tillLanguage?: string | null
  /** The shop's name; blank → `Kassa`. */
  shopName?: string | null
}

/** How a customer without a name is greeted, per language (after the default templates' "Hello" / "Hallo"). */
const GENERIC_CUSTOMER: Record<string, string> = {
  en: 'valued customer',
  de: 'liebe Kundin, lieber Kunde'
}

/** The `Intl` locale of a language without a region. */
const DEFAULT_REGION: Record<string, string> = { en: 'en-US', de: 'de-DE' }

const primary = (tag: string): string => tag.split('-')[0]!.toLowerCase()

/** The template for a tag: the same tag, else one for its primary language (`de-AT` → `de`), else none. */
function templateFor(
  tag: string | null | undefined,
  templates: readonly RecoveryTemplate[]
): RecoveryTemplate | undefined {
  if (!tag) return undefined
  return (
    templates.find((t) => t.language.toLowerCase() === tag.toLowerCase()) ??
    templates.find((t) => t.language.toLowerCase() === primary(tag)) ??
    templates.find((t) => primary(t.language) === primary(tag))
  )
}

/**
 * Choose the template: the language asked for (English when there is no template for it), else the customer's,
 * else the till's, else English (the owner's English template, or the default one).
 * @returns the template and the tag money is formatted for (the asked or customer's tag when it names a region of
 *   the template's language, e.g. `de-AT`)
 */
export function chooseTemplate(input: DraftInput): { template: RecoveryTemplate; tag: string } {
  const english = templateFor('en', input.templates) ?? DEFAULT_TEMPLATES[0]!
  const asked = input.language
  const candidates = asked ? [asked] : [input.detail.customer?.language, input.tillLanguage]
  for (const tag of candidates) {
    const template = templateFor(tag, input.templates)
    if (tag && template) {
      return { template, tag: primary(tag) === primary(template.language) ? tag : template.language }
    }
  }
  return { template: english, tag: english.language }
}

/** The `Intl` locale for a tag: itself when it names a region (`de-AT`), else `de-DE` / `en-US` / the tag. */
function intlLocale(tag: string): string {
  if (tag.includes('-')) return tag
  return DEFAULT_REGION[tag.toLowerCase()] ?? tag
}

/**
 * `"2 × Coffee, 1 × Cake"`; quantities in the language's digits (exact: Intl formats the decimal string); else the
 * memo, the receipt number, or the time the sale was rung up.
 */
function itemsText(detail: RecoveryDetailView, locale: string): string | undefined {
  if (detail.lines.length > 0) {
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }) as Intl.NumberFormat & {
      format(value: string): string
    }
    return detail.lines.map((line) => `${number.format(String(line.quantity))} × ${line.name}`).join(', ')
  }
  return detail.memo?.trim() || detail.receiptNumber || saleTime(detail.saleCreatedAt, locale)
}

/** A keypad sale with no memo or receipt number is named by when it was rung up ("28 Nov 2026, 14:32"). */
function saleTime(at: string, locale: string): string | undefined {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return undefined
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

/** Money for people in `locale`, exact (Intl formats the decimal string); a currency Intl lacks digit for digit. */
function money(decimal: string, currency: string, locale: string): string {
  try {
    return formatDisplay(decimal, currency, locale)
  } catch {
    return `${decimal} ${currency}`
  }
}

/**
 * The drafted message for a failed charge: the chosen template filled with the customer's name (or a polite
 * generic greeting), what they bought, the amount still due, the open payment request's link and the shop's name.
 * A variable without a value is listed in `missing` and shows as `[name]`.
 */
export function draftMessage(input: DraftInput): RecoveryDraftView {
  const { detail } = input
  const { template, tag } = chooseTemplate(input)
  const locale = intlLocale(tag)
  const language = primary(template.language)
  const request = detail.paymentRequest
  const link = request && request.status === 'open' && request.link ? request.link : null
  const values: Partial<Record<RecoveryVariable, string>> = {
    customer: detail.customer?.name ?? GENERIC_CUSTOMER[language] ?? GENERIC_CUSTOMER.en!,
    items: itemsText(detail, locale),
    amountDue: money(detail.due, detail.currency, locale),
    link: link ?? undefined,
    shop: input.shopName?.trim() || 'Kassa'
  }
  const missing = new Set<RecoveryVariable>()
  // A memo's line break must not break the subject's one line.
  const subject = fillTemplate(template.subject, values, missing).replace(/\s*[\r\n]+\s*/g, ' ')
  const body = fillTemplate(template.body, values, missing)
  const to = detail.customer?.email ?? null
  return {
    itemId: detail.id,
    language: template.language,
    to,
    subject,
    body,
    link,
    mailto: to ? mailtoUrl(to, subject, body) : null,
    missing: [...missing]
  }
}
