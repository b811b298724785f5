/** Gekoppelte Geräte: Einstellungen → Gekoppelte Geräte, die Kundenanzeige, die Anmeldung eines Geräts. */
export default {
  settings: {
    title: 'Gekoppelte Geräte',
    body: 'Ein zweiter Bildschirm für die Kundschaft oder ein Tablet als Selbstbedienungskiosk: einmal koppeln, indem das Gerät einen Code scannt. Es funktioniert auch nach einem Neustart der Kasse weiter, bis Sie die Kopplung hier aufheben.',
    name: 'Gerätename',
    namePlaceholder: 'Kundenanzeige Theke',
    role: 'Verwendung',
    roles: {
      display: 'Kundenanzeige',
      kiosk: 'Selbstbedienungskiosk'
    },
    roleHints: {
      display: 'Zeigt der Kundschaft den Betrag und den Zahlungscode. Ändern kann es nichts.',
      kiosk: 'Die Kundschaft wählt Artikel aus und bezahlt selbst.'
    },
    pair: 'Gerät koppeln',
    pairing: 'Code wird erstellt …',
    scan: 'Scannen Sie diesen Code mit dem Gerät „{name}“ oder öffnen Sie die Adresse unten in dessen Browser.',
    qrLabel: 'Kopplungscode für {name}',
    expiresIn: 'Der Code gilt noch {time}.',
    expired: 'Dieser Code ist abgelaufen. Erstellen Sie einen neuen.',
    newCode: 'Neuer Code',
    done: 'Fertig',
    loopbackOnly:
      'Die Kasse ist nur auf diesem Computer erreichbar, ein Tablet erreicht diese Adresse also nicht. Starten Sie die Kasse mit KASSA_HOST=0.0.0.0 (oder der Netzwerkadresse dieses Computers) und koppeln Sie erneut.',
    noWebHost:
      'Zum Koppeln wird die Browser-Kasse benötigt: Starten Sie Kassa mit npm run web (mit KASSA_HOST=0.0.0.0 für ein Tablet im Netzwerk) und koppeln Sie dort.',
    listTitle: 'Geräte',
    none: 'Noch kein Gerät gekoppelt.',
    columns: {
      name: 'Name',
      role: 'Verwendung',
      paired: 'Gekoppelt',
      lastSeen: 'Zuletzt aktiv',
      actions: 'Aktionen'
    },
    never: 'noch nicht',
    revoked: 'Entkoppelt',
    revoke: 'Entkoppeln',
    revokeLabel: '{name} entkoppeln',
    confirmTitle: '„{name}“ entkoppeln?',
    confirmBody: 'Das Gerät funktioniert sofort nicht mehr. Um es wieder zu nutzen, koppeln Sie es erneut.',
    confirm: 'Entkoppeln',
    cancel: 'Behalten'
  },
  display: {
    welcome: 'Willkommen',
    welcomeTo: 'Willkommen bei {shop}',
    due: 'Zu zahlen',
    scan: 'Zum Bezahlen scannen',
    method: 'Bezahlen mit {method}',
    checkout: 'Auf der Zahlungsseite bezahlen',
    preparing: 'Einen Moment, Ihre Zahlung wird vorbereitet …',
    seen: 'Zahlung eingegangen – warte auf Bestätigung …',
    thanks: 'Vielen Dank!',
    thanksBody: 'Ihre Zahlung über {amount} ist eingegangen.',
    qrLabel: 'Zahlungscode über {amount}'
  },
  signIn: {
    unpairedTitle: 'Dieses Gerät wurde entkoppelt',
    unpaired: 'Dieses Gerät wurde entkoppelt; bitten Sie den Inhaber, es erneut zu koppeln.',
    howAgain:
      'An der Kasse: Einstellungen → Gekoppelte Geräte → Gerät koppeln, dann den neuen Code mit diesem Gerät scannen.',
    failedTitle: 'Kopplung fehlgeschlagen',
    reasons: {
      'unknown-code': 'Dieser Kopplungscode ist der Kasse nicht bekannt.',
      'used-code': 'Dieser Kopplungscode wurde bereits verwendet.',
      'expired-code': 'Dieser Kopplungscode ist abgelaufen (ein Code gilt 5 Minuten).',
      'too-many-attempts':
        'Es wurden zu viele falsche Codes versucht. Warten Sie eine Minute und scannen Sie den Code erneut.',
      unreachable: 'Die Kasse ist nicht erreichbar. Läuft sie, und ist dieses Gerät im selben Netzwerk?'
    }
  }
}
