/** Settings (`views/SettingsView.vue`, `components/settings/*` but the receipt settings). */
export default {
  title: 'Settings',
  loading: 'Loading…',
  salesGoTo: 'Sales go to {processor}',
  currency: 'Store currency',
  language: {
    label: 'Language',
    system: 'Same as this computer ({language})',
    help: 'Money, numbers and dates follow the language too.'
  },
  tax: {
    label: 'Sales tax %',
    save: 'Save',
    help: 'Added to itemised sales (cart); “0” for none. A keypad amount alone is charged as typed.',
    problem: 'Give a percentage from 0 to 100 with up to 4 decimals, like 8 or 7.25'
  },
  keychain: {
    title: 'API keys cannot be stored on this computer',
    why: 'This computer has no keychain (the system’s safe place for passwords), and Kassa never keeps an API key in plain text. So BTCPay Server, Plisio and BTPay cannot be connected yet; the Demo works without one.',
    fix: 'On Linux, install gnome-keyring (or KWallet), log in to a desktop session and start Kassa again. To try a processor without one, start Kassa inside {script} (its keys are forgotten when Kassa stops).',
    detail: 'Technical detail',
    panel: 'Needs the keychain: see the note at the top.'
  },
  panel: {
    usedForSales: 'Used for sales',
    connected: 'Connected',
    notInBuild: 'Not in this build',
    demo: 'Built in, needs no account: invoices are pretend and the payment screen can simulate a payment.',
    key: 'Key',
    keyStored: 'stored',
    keyNone: 'none stored',
    serverUrl: 'Server URL',
    storeId: 'Store id',
    grace: 'Grace period',
    graceMinutes: '{count} min',
    graceSeconds: '{count} s',
    use: 'Use for sales',
    checking: 'Checking…',
    checkAgain: 'Check again',
    closeForm: 'Close form',
    change: 'Change settings'
  },
  form: {
    connect: 'Connect',
    checking: 'Checking…',
    activate: 'Use for sales once connected',
    apiKey: 'API key',
    typeKey: 'Type the key for this server',
    storedKeep: 'Stored: {hint} (leave empty to keep)',
    keyRequired:
      'A new server needs its key typed again: the stored key is only sent to the server it was stored with.',
    serverUrl: 'Server URL'
  },
  plisio: {
    secretKey: 'Secret key',
    hint: 'Find it in Plisio under API → Secret key.'
  },
  btcpay: {
    hint: 'Create the key in BTCPay under Account → API keys with permission to view and create invoices, view the store and (for refunds) create pull payments.',
    storeId: 'Store id',
    storePlaceholder: 'Paste it, or load the stores',
    loadStores: 'Load stores',
    stores: 'Stores this key can see',
    chooseStore: 'Choose a store'
  },
  btpay: {
    grace: 'Grace period (minutes)',
    gracePlaceholder: 'e.g. 15',
    graceError: 'Give whole minutes from 0 to {max}.',
    graceHelp:
      'BTPay invoices can stay pending forever; the till cancels one this long after its quote deadline.'
  },
  connection: {
    label: '{processor}: connection check of {account}',
    account: 'Account',
    version: 'Server version',
    currency: 'Default currency',
    checked: 'Checked',
    permissions: 'Permissions of this key',
    missing: 'Missing permissions: these till features stay off',
    permission: 'Permission',
    feature: 'Till feature disabled'
  },
  webhook: {
    title: 'Webhooks',
    label: 'Webhooks of {processor}',
    reading: 'Reading the webhook status…',
    deliversTo: 'Delivers to',
    registered: 'Registered',
    taken: 'Deliveries taken',
    takenLast: '{count} (last {when})',
    refused: 'Refused since start',
    lastDelivery: 'Last delivery from {processor}',
    delivered: 'Delivered, {when}',
    failed: 'Failed: {detail}, {when}',
    noAnswer: 'no answer',
    publicUrl: 'Relay’s public address of this till',
    hint: 'Kassa adds /webhooks/{processor}, makes a secret, keeps it in this computer’s keychain and registers the webhook for invoice events.',
    registering: 'Registering…',
    register: 'Register webhook',
    remove: 'Remove webhook'
  },
  /**
   * Main's processor labels and notes, worded here by processor id and note number (`n1`, `n2`); each is used only
   * while its English text equals main's, so a note main changes shows main's words rather than a stale translation.
   */
  processors: {
    demo: {
      label: 'Demo (no account)',
      notes: { n1: 'The Demo processor takes no real money: use Simulate payment on the payment screen.' }
    },
    plisio: {
      notes: {
        n1: 'Plisio has no refund API: Kassa refunds by a withdrawal from the shop balance to the customer’s address, which needs this computer’s IP address under Request IP in Plisio’s API settings.'
      }
    },
    btpay: {
      notes: {
        n1: 'BTPay cannot call back this till unless a relay gives it a public address (see Webhooks below): it refuses webhooks to loopback and private-network addresses. Kassa therefore asks BTPay for each open invoice’s status (at most 100 requests a minute for all of them together).',
        n2: 'BTPay has no refund API: refunds are paid outside BTPay (cash or another wallet) and recorded here with a reason.'
      }
    }
  },
  disconnect: {
    revoke: 'Also revoke this API key on the server',
    disconnect: 'Disconnect',
    revokeError: 'Disconnected here, but the key could not be revoked on the server: {error}'
  }
}
