import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { SmtpError } from '../../../src/main/receipts/receipt-email'
import { smtpOutcome } from '../../../src/main/recovery/messages/smtp-outcome'

describe('what a failed SMTP attempt leaves a message as', () => {
  it.each([
    [
      'connection refused',
      new SmtpError('connect ECONNREFUSED', 'ECONNECTION', 'CONN', null, false),
      'failed'
    ],
    [
      'greeting timeout',
      new SmtpError('Greeting never received', 'ETIMEDOUT', 'CONN', null, false),
      'failed'
    ],
    [
      'bad greeting',
      new SmtpError('Invalid greeting: 554 go away', 'EPROTOCOL', 'CONN', 554, false),
      'failed'
    ],
    ['login refused', new SmtpError('Invalid login: 535 no', 'EAUTH', 'AUTH PLAIN', 535, false), 'failed'],
    [
      'sender refused',
      new SmtpError('Mail command failed: 550', 'EENVELOPE', 'MAIL FROM', 550, false),
      'failed'
    ],
    [
      'recipient refused',
      new SmtpError('Recipient command failed: 550', 'EENVELOPE', 'RCPT TO', 550, false),
      'failed'
    ],
    ['DATA refused', new SmtpError('Data command failed: 451', 'EENVELOPE', 'DATA', 451, false), 'failed'],
    [
      'lost before the final dot',
      new SmtpError('Connection closed', 'ECONNECTION', 'CONN', null, false),
      'failed'
    ],
    [
      'message rejected after data',
      new SmtpError('Message failed: 554 spam', 'EMESSAGE', 'DATA', 554, true),
      'failed'
    ],
    ['no answer after data', new SmtpError('Timeout', 'ETIMEDOUT', 'CONN', null, true), 'unknown'],
    [
      'lost after data',
      new SmtpError('Connection closed unexpectedly', 'ECONNECTION', 'CONN', null, true),
      'unknown'
    ],
    ['SMTP not set up', new KassaError('not-configured', 'Set up the SMTP server'), 'failed']
  ])('%s → %s', (_what, error, state) => {
    const outcome = smtpOutcome(error)
    expect(outcome.state).toBe(state)
    expect(outcome.error).toContain(error.message)
    if (state === 'unknown') expect(outcome.error).toMatch(/may have arrived/)
  })
})
