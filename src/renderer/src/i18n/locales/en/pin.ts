/** The owner PIN: its dialog (set, unlock, change), the Lock control and Settings → Owner PIN. */
export default {
  title: {
    set: 'Set an owner PIN',
    unlock: 'Owner PIN',
    change: 'Change the owner PIN'
  },
  intro: {
    set: 'Settings, the catalog and the day close are for the owner. Choose a PIN of 4 to 12 digits to protect them.',
    unlock: 'This needs the owner. Enter the owner PIN.',
    change: 'Enter the current PIN, then the new one twice.'
  },
  step: {
    pin: 'PIN',
    current: 'Current PIN',
    new: 'New PIN',
    repeat: 'Repeat the new PIN'
  },
  hint: '4 to 12 digits',
  digits: 'No digits entered | One digit entered | {n} digits entered',
  tooShort: 'The PIN is 4 to 12 digits.',
  mismatch: 'The two PINs differ. Enter the new PIN again.',
  wrong: 'Wrong PIN. One attempt left before a lock-out. | Wrong PIN. {n} attempts left before a lock-out.',
  lockedOut: 'Too many wrong PINs. Try again in {time}.',
  pad: {
    label: 'PIN keypad',
    delete: 'Delete the last digit',
    clear: 'Clear'
  },
  next: 'Next',
  unlock: 'Unlock',
  save: 'Set PIN',
  lock: 'Lock',
  lockLabel: 'Lock the owner screens',
  settings: {
    title: 'Owner PIN',
    body: 'Owner screens ask for this PIN; after 10 minutes without use, or with Lock in the header, they lock again.',
    change: 'Change owner PIN',
    changed: 'The owner PIN was changed.'
  }
}
