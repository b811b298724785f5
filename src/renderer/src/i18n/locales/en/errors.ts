/**
 * Errors from main, worded by `errorText` (`../../error-text.ts`): `codes.<code>` or `codes.<code>_<param>` when
 * that param is present, `reasons.<code>.<reason>` for one named refusal. Codes left out here (conflict,
 * invalid-input, …) keep main's own specific words.
 */
export default {
  codes: {
    unknownCall_call: 'This screen asked the till for “{call}”, which it does not know. Reload the page.',
    unauthorized:
      'This page is not signed in to the till. Open the link the start command printed (it ends in #token=…).',
    keychainUnavailable:
      'No OS keychain is available, so API keys cannot be stored. See the note at the top of Settings.',
    notConfigured_processor: '{processor} is not connected. Connect it in Settings.',
    processorAuth: 'The payment processor refused the API key. Check the key in Settings.',
    processorPermission_permission:
      'The API key lacks the permission {permission}. Create a key that has it.',
    processorRateLimit_seconds: 'The payment processor asks to wait {seconds} s before the next request.',
    processorRateLimit: 'The payment processor asks to slow down. Try again in a minute.',
    processorUnavailable_status:
      'The payment processor is having trouble (HTTP {status}). Try again shortly.',
    processorUnavailable: 'The payment processor is having trouble. Try again shortly.',
    processorConnection: 'The payment processor cannot be reached. Check the internet connection.',
    processorOffline: 'The payment processor cannot be reached right now.',
    rateLimited_retryAfterSeconds: 'Too many calls. Try again in {retryAfterSeconds} s.',
    rateLimited: 'Too many calls. Try again in a minute.',
    internal: 'Something went wrong in the till. It has been logged.'
  },
  reasons: {
    processorPermission: {
      ipNotAllowed:
        "Plisio refused the request because this computer's IP address is not whitelisted: add it under Request IP in Plisio's API settings (balances, fees, withdrawals and the operations list need it)."
    },
    processorOffline: {
      outboxExpired:
        "Not charged: the payment processor stayed offline past the owner's limit. Charge it again or start a new sale."
    },
    conflict: {
      connectFirst: 'Connect {processor} first (Settings → {processor}).',
      nothingPaid: 'Nothing was paid for this sale.',
      fullyRefunded: 'This sale is already fully refunded.',
      outboxOpen:
        'The day cannot be closed while sales of it still wait in the offline queue (waiting: {count}; {sales}). They are charged when their processor is back, or cancel them.'
    },
    notFound: {
      noSale: 'There is no sale {id}.',
      noRefund: 'There is no refund {id}.',
      noProcessor: 'There is no processor “{processor}” in this build.'
    },
    invalidInput: {
      moreThanLeft: 'At most {amount} is left to refund on this sale.',
      unknownVariable:
        "This message uses {'{{'}{name}{'}}'}, which is not a value Kassa can fill in. Use the buttons below the message.",
      malformedTemplate:
        "A recovery message has braces that are not written right. Write each value as {'{{'}customer{'}}'}, best with the buttons below the message."
    }
  }
}
