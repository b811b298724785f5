/** Die Inhaber-PIN: ihr Dialog (festlegen, entsperren, ändern), die Sperren-Taste und Einstellungen → Inhaber-PIN. */
export default {
  title: {
    set: 'Inhaber-PIN festlegen',
    unlock: 'Inhaber-PIN',
    change: 'Inhaber-PIN ändern'
  },
  intro: {
    set: 'Einstellungen, Artikel und Tagesabschluss sind dem Inhaber vorbehalten. Wählen Sie zum Schutz eine PIN aus 4 bis 12 Ziffern.',
    unlock: 'Das ist dem Inhaber vorbehalten. Geben Sie die Inhaber-PIN ein.',
    change: 'Geben Sie die aktuelle PIN ein, dann zweimal die neue.'
  },
  step: {
    pin: 'PIN',
    current: 'Aktuelle PIN',
    new: 'Neue PIN',
    repeat: 'Neue PIN wiederholen'
  },
  hint: '4 bis 12 Ziffern',
  digits: 'Keine Ziffer eingegeben | Eine Ziffer eingegeben | {n} Ziffern eingegeben',
  tooShort: 'Die PIN hat 4 bis 12 Ziffern.',
  mismatch: 'Die beiden PINs stimmen nicht überein. Geben Sie die neue PIN noch einmal ein.',
  wrong: 'Falsche PIN. Noch ein Versuch bis zur Sperre. | Falsche PIN. Noch {n} Versuche bis zur Sperre.',
  lockedOut: 'Zu viele falsche PINs. Neuer Versuch in {time}.',
  pad: {
    label: 'PIN-Tastenfeld',
    delete: 'Letzte Ziffer löschen',
    clear: 'Leeren'
  },
  next: 'Weiter',
  unlock: 'Entsperren',
  save: 'PIN festlegen',
  lock: 'Sperren',
  lockLabel: 'Inhaberbereiche sperren',
  settings: {
    title: 'Inhaber-PIN',
    body: 'Inhaberbereiche fragen nach dieser PIN; nach 10 Minuten ohne Nutzung oder mit „Sperren“ in der Kopfzeile werden sie wieder gesperrt.',
    change: 'Inhaber-PIN ändern',
    changed: 'Die Inhaber-PIN wurde geändert.'
  }
}
