/** Paired devices: Settings → Paired devices, the customer display, a device's sign-in (`components/devices/*`). */
export default {
  settings: {
    title: 'Paired devices',
    body: 'A second screen facing the customer, or a tablet as a self-service kiosk: pair it once by scanning a code with it. It keeps working after the till restarts, until you unpair it here.',
    name: 'Device name',
    namePlaceholder: 'Counter display',
    role: 'What it is for',
    roles: {
      display: 'Customer display',
      kiosk: 'Self-service kiosk'
    },
    roleHints: {
      display: 'Shows the amount and the payment code to the customer. It cannot change anything.',
      kiosk: 'Customers pick items and pay by themselves.'
    },
    pair: 'Pair a device',
    pairing: 'Making a code…',
    scan: 'Scan this code with the device “{name}”, or open the address below in its browser.',
    qrLabel: 'Pairing code for {name}',
    expiresIn: 'The code works for {time} more.',
    expired: 'This code expired. Make a new one.',
    newCode: 'New code',
    done: 'Done',
    loopbackOnly:
      'The till listens only on this computer, so a tablet cannot reach this address. Start the till with KASSA_HOST=0.0.0.0 (or this computer’s network address) and pair again.',
    noWebHost:
      'Pairing needs the browser till: start Kassa with npm run web (with KASSA_HOST=0.0.0.0 for a tablet on the network), then pair from there.',
    listTitle: 'Devices',
    none: 'No device is paired yet.',
    columns: {
      name: 'Name',
      role: 'Role',
      paired: 'Paired',
      lastSeen: 'Last seen',
      actions: 'Actions'
    },
    never: 'not yet',
    revoked: 'Unpaired',
    revoke: 'Unpair',
    revokeLabel: 'Unpair {name}',
    confirmTitle: 'Unpair “{name}”?',
    confirmBody: 'The device stops working at once. To use it again, pair it again.',
    confirm: 'Unpair',
    cancel: 'Keep it'
  },
  display: {
    welcome: 'Welcome',
    welcomeTo: 'Welcome to {shop}',
    due: 'Amount due',
    scan: 'Scan to pay',
    method: 'Pay with {method}',
    checkout: 'Pay on the payment page',
    preparing: 'One moment, preparing your payment…',
    seen: 'Payment received — waiting for confirmation…',
    thanks: 'Thank you!',
    thanksBody: 'Your payment of {amount} was received.',
    qrLabel: 'Payment code for {amount}'
  },
  signIn: {
    unpairedTitle: 'This device was unpaired',
    unpaired: 'This device was unpaired; ask the owner to pair it again.',
    howAgain:
      'On the till: Settings → Paired devices → Pair a device, then scan the new code with this device.',
    failedTitle: 'Pairing did not work',
    reasons: {
      'unknown-code': 'This pairing code is not known to the till.',
      'used-code': 'This pairing code was used already.',
      'expired-code': 'This pairing code expired (a code works for 5 minutes).',
      'too-many-attempts': 'Too many wrong codes were tried. Wait a minute, then scan the code again.',
      unreachable: 'The till could not be reached. Is it running, and is this device on the same network?'
    }
  }
}
