import { describe, expect, it } from 'vitest'
import { processorLabel, processorNote } from '../../../src/renderer/src/components/settings/processor-words'
import { ensureAllMessages, setLocale } from '../../../src/renderer/src/i18n'

// A fresh module state: the till starts in German (the remembered language), so English owner areas were never
// loaded for English's sake. The words still compare main's English with the English messages.
describe('processor words when the till starts in German', () => {
  it('shows the German label and note on the owner screens', async () => {
    await setLocale('de')
    await ensureAllMessages()
    expect(processorLabel('demo', 'Demo (no account)')).toBe('Demo (ohne Konto)')
    expect(
      processorNote(
        'demo',
        0,
        'The Demo processor takes no real money: use Simulate payment on the payment screen.'
      )
    ).toBe('Die Demo nimmt kein echtes Geld an: Nutzen Sie „Zahlung simulieren“ auf dem Zahlungsbildschirm.')
  })
})
