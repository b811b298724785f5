import { z } from 'zod'

/**
 * The recovery calls' input schemas (main only, through `./call-schemas`). Whether a template uses only known
 * variables is checked by main when it is saved (the refusal names the variable: `invalid-input` with
 * `params {reason: 'unknown-variable', name, language}`), not here.
 */

/** A recovery item id: `rec_` and 32 lower-case hex digits. */
export const RecoveryItemIdSchema = z.string().regex(/^rec_[0-9a-f]{32}$/, 'Not a recovery item id')

/** An outbox message id: `msg_` and 32 lower-case hex digits. */
export const OutboxMessageIdSchema = z.string().regex(/^msg_[0-9a-f]{32}$/, 'Not a message id')

/** A language tag for templates and drafts: `en`, `de`, `de-AT` … */
export const TemplateLanguageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Not a language tag')

/** Longest subject and body of a template or a message (characters). */
export const RECOVERY_SUBJECT_MAX = 200
export const RECOVERY_BODY_MAX = 5000

/** One template: subject one line, body text. */
export const RecoveryTemplateSchema = z.strictObject({
  language: TemplateLanguageSchema,
  subject: z
    .string()
    .trim()
    .min(1, 'Write a subject')
    .max(RECOVERY_SUBJECT_MAX)
    .refine((s) => !/[\r\n]/.test(s), 'The subject is one line'),
  body: z.string().trim().min(1, 'Write the message').max(RECOVERY_BODY_MAX)
})

/** `recovery:send`: the (possibly edited) draft and how it goes. SMTP needs `to`. */
export const RecoverySendSchema = z
  .strictObject({
    itemId: RecoveryItemIdSchema,
    channel: z.enum(['smtp', 'copy', 'mailto']),
    to: z.email('Not an e-mail address').max(254).nullish(),
    subject: RecoveryTemplateSchema.shape.subject,
    body: RecoveryTemplateSchema.shape.body
  })
  .refine((value) => value.channel !== 'smtp' || !!value.to, {
    message: 'Give the e-mail address to send to',
    path: ['to']
  })
