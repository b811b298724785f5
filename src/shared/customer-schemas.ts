import { z } from 'zod'

/**
 * The customer calls' input schemas (main only, through `./call-schemas`). A field typed empty is no field
 * (`"  "` → null); at least one of name, e-mail and phone is needed.
 */

/** A customer id: `cus_` and 32 lower-case hex digits. */
export const CustomerIdSchema = z.string().regex(/^cus_[0-9a-f]{32}$/, 'Not a customer id')

/** Longest name kept (characters). */
export const CUSTOMER_NAME_MAX = 120

const blankToNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value.trim()

const NameSchema = z
  .string()
  .max(400)
  .nullish()
  .transform(blankToNull)
  .refine((name) => name === null || name.length <= CUSTOMER_NAME_MAX, {
    message: `The name is longer than ${CUSTOMER_NAME_MAX} characters`
  })
  .refine((name) => name === null || !/\p{Cc}/u.test(name), {
    message: 'The name has control characters'
  })

const EmailSchema = z
  .string()
  .max(400)
  .nullish()
  .transform(blankToNull)
  .pipe(z.email('Not an e-mail address').max(254, 'The e-mail address is too long').nullable())

/** A phone number as people write it: digits with `+`, spaces, `-`, `/`, `.`, brackets; 4 to 20 digits. */
const PhoneSchema = z
  .string()
  .max(400)
  .nullish()
  .transform(blankToNull)
  .refine((phone) => phone === null || /^\+?[0-9 ()./-]+$/.test(phone), {
    message: 'A phone number has only digits, spaces and + ( ) - / .'
  })
  .refine((phone) => phone === null || (phone.length <= 32 && /^(\D*\d){4,20}\D*$/.test(phone)), {
    message: 'A phone number has 4 to 20 digits'
  })

/**
 * The language the customer reads, a BCP 47 tag (`de`, `en`, `de-AT`), kept in its canonical form; blank or null =
 * not known. Optional: absent leaves a correction's language as it was, and it does not count as "one of name,
 * e-mail, phone".
 */
const LanguageSchema = z
  .string()
  .max(35, 'A language tag has at most 35 characters')
  .nullable()
  .transform(blankToNull)
  .transform((tag, context) => {
    if (tag === null) return null
    try {
      const [canonical] = Intl.getCanonicalLocales(tag)
      if (canonical) return canonical
    } catch {
      // reported below
    }
    context.addIssue({ code: 'custom', message: `"${tag}" is not a language tag (e.g. de, en, de-AT)` })
    return z.NEVER
  })
  .optional()

/** Name, e-mail, phone: each optional, at least one; the customer's language optional. */
export const CustomerFieldsSchema = z
  .strictObject({ name: NameSchema, email: EmailSchema, phone: PhoneSchema, language: LanguageSchema })
  .refine((value) => value.name !== null || value.email !== null || value.phone !== null, {
    message: 'Give a name, an e-mail address or a phone number'
  })

/** The fields after parsing: blanks are null. */
export type ParsedCustomerFields = z.output<typeof CustomerFieldsSchema>

/** `sale:charge`'s `customer`: an earlier customer by id, or a new one. */
export const SaleCustomerSchema = z.union([z.strictObject({ id: CustomerIdSchema }), CustomerFieldsSchema], {
  error: 'A customer is {id} or {name, email, phone}'
})

/** `customer:save`: a new customer (no id) or a correction of one (id), the fields as they should now be. */
export const CustomerSaveSchema = z
  .strictObject({
    id: CustomerIdSchema.optional(),
    name: NameSchema,
    email: EmailSchema,
    phone: PhoneSchema,
    language: LanguageSchema
  })
  .refine((value) => value.name !== null || value.email !== null || value.phone !== null, {
    message: 'Give a name, an e-mail address or a phone number'
  })

/** `customer:search`: a few letters or digits of a name, e-mail or phone. */
export const CustomerQuerySchema = z.strictObject({
  query: z.string().trim().min(2, 'Type at least 2 letters').max(100)
})
