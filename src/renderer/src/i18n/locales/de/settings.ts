/** Einstellungen (siehe en/settings.ts). */
export default {
  title: 'Einstellungen',
  loading: 'Wird geladen …',
  salesGoTo: 'Verkäufe gehen an {processor}',
  currency: 'Währung des Geschäfts',
  language: {
    label: 'Sprache',
    system: 'Wie auf diesem Computer ({language})',
    help: 'Beträge, Zahlen und Daten folgen ebenfalls der Sprache.'
  },
  tax: {
    label: 'MwSt. %',
    save: 'Speichern',
    help: 'Wird auf Verkäufe mit Positionen (Warenkorb) aufgeschlagen; „0“ für keine. Ein reiner Betrag vom Tastenfeld wird wie eingegeben berechnet.',
    problem: 'Geben Sie einen Prozentsatz von 0 bis 100 mit bis zu 4 Nachkommastellen an, z. B. 19 oder 7,25'
  },
  keychain: {
    title: 'API-Schlüssel können auf diesem Computer nicht gespeichert werden',
    why: 'Dieser Computer hat keinen Schlüsselbund (den sicheren Passwortspeicher des Systems), und Kassa speichert API-Schlüssel nie im Klartext. Deshalb lassen sich BTCPay Server, Plisio und BTPay noch nicht verbinden; die Demo funktioniert auch ohne.',
    fix: 'Unter Linux: Installieren Sie gnome-keyring (oder KWallet), melden Sie sich an einer Desktop-Sitzung an und starten Sie Kassa neu. Um einen Zahlungsanbieter ohne Schlüsselbund auszuprobieren, starten Sie Kassa über {script} (die Schlüssel sind nach dem Beenden wieder vergessen).',
    detail: 'Technische Details',
    panel: 'Benötigt den Schlüsselbund: siehe Hinweis oben.'
  },
  panel: {
    usedForSales: 'Für Verkäufe verwendet',
    connected: 'Verbunden',
    notInBuild: 'Nicht in dieser Version',
    demo: 'Eingebaut, ohne Konto: Rechnungen sind nur zum Schein, und der Zahlungsbildschirm kann eine Zahlung simulieren.',
    key: 'Schlüssel',
    keyStored: 'gespeichert',
    keyNone: 'keiner gespeichert',
    serverUrl: 'Server-URL',
    storeId: 'Store-ID',
    grace: 'Nachfrist',
    graceMinutes: '{count} Min.',
    graceSeconds: '{count} s',
    use: 'Für Verkäufe verwenden',
    checking: 'Wird geprüft …',
    checkAgain: 'Verbindung prüfen',
    closeForm: 'Formular schließen',
    change: 'Einstellungen ändern'
  },
  form: {
    connect: 'Verbinden',
    checking: 'Wird geprüft …',
    activate: 'Nach dem Verbinden für Verkäufe verwenden',
    apiKey: 'API-Schlüssel',
    typeKey: 'Schlüssel für diesen Server eingeben',
    storedKeep: 'Gespeichert: {hint} (leer lassen, um ihn zu behalten)',
    keyRequired:
      'Ein neuer Server braucht seinen Schlüssel erneut: Der gespeicherte Schlüssel wird nur an den Server gesendet, für den er gespeichert wurde.',
    serverUrl: 'Server-URL'
  },
  plisio: {
    secretKey: 'Geheimer Schlüssel',
    hint: 'Zu finden in Plisio unter API → Secret key.'
  },
  btcpay: {
    hint: 'Legen Sie den Schlüssel in BTCPay unter Account → API keys an, mit der Berechtigung, Rechnungen anzusehen und zu erstellen, den Store anzusehen und (für Rückerstattungen) Pull Payments zu erstellen.',
    storeId: 'Store-ID',
    storePlaceholder: 'Einfügen oder die Stores laden',
    loadStores: 'Stores laden',
    stores: 'Stores, die dieser Schlüssel sieht',
    chooseStore: 'Store wählen'
  },
  btpay: {
    grace: 'Nachfrist (Minuten)',
    gracePlaceholder: 'z. B. 15',
    graceError: 'Geben Sie ganze Minuten von 0 bis {max} an.',
    graceHelp:
      'BTPay-Rechnungen können für immer offen bleiben; die Kasse storniert eine so lange nach Ablauf ihres Angebots.'
  },
  connection: {
    label: '{processor}: Verbindungsprüfung von {account}',
    account: 'Konto',
    version: 'Serverversion',
    currency: 'Standardwährung',
    checked: 'Geprüft',
    permissions: 'Berechtigungen dieses Schlüssels',
    missing: 'Fehlende Berechtigungen: Diese Funktionen der Kasse bleiben aus',
    permission: 'Berechtigung',
    feature: 'Abgeschaltete Funktion'
  },
  webhook: {
    title: 'Webhooks',
    label: 'Webhooks von {processor}',
    reading: 'Webhook-Status wird gelesen …',
    deliversTo: 'Liefert an',
    registered: 'Registriert',
    taken: 'Angenommene Zustellungen',
    takenLast: '{count} (zuletzt {when})',
    refused: 'Abgelehnt seit dem Start',
    lastDelivery: 'Letzte Zustellung von {processor}',
    delivered: 'Zugestellt, {when}',
    failed: 'Fehlgeschlagen: {detail}, {when}',
    noAnswer: 'keine Antwort',
    publicUrl: 'Öffentliche Adresse dieser Kasse beim Relay',
    hint: 'Kassa hängt /webhooks/{processor} an, erzeugt ein Geheimnis, bewahrt es im Schlüsselbund dieses Computers auf und registriert den Webhook für Rechnungsereignisse.',
    registering: 'Wird registriert …',
    register: 'Webhook registrieren',
    remove: 'Webhook entfernen'
  },
  processors: {
    demo: {
      label: 'Demo (ohne Konto)',
      notes: {
        n1: 'Die Demo nimmt kein echtes Geld an: Nutzen Sie „Zahlung simulieren“ auf dem Zahlungsbildschirm.'
      }
    },
    plisio: {
      notes: {
        n1: 'Plisio hat keine Erstattungs-API: Kassa erstattet per Auszahlung vom Guthaben des Geschäfts an die Adresse des Kunden. Dafür muss die IP-Adresse dieses Computers in Plisios API-Einstellungen unter „Request IP“ eingetragen sein.'
      }
    },
    btpay: {
      notes: {
        n1: 'BTPay kann diese Kasse nur erreichen, wenn ein Relay ihr eine öffentliche Adresse gibt (siehe Webhooks unten): Webhooks an Loopback- und private Netzadressen lehnt BTPay ab. Kassa fragt BTPay daher den Status jeder offenen Rechnung selbst ab (höchstens 100 Anfragen pro Minute für alle zusammen).',
        n2: 'BTPay hat keine Erstattungs-API: Erstattungen werden außerhalb von BTPay gezahlt (bar oder aus einer anderen Wallet) und hier mit Grund erfasst.'
      }
    }
  },
  disconnect: {
    revoke: 'Diesen API-Schlüssel auch auf dem Server widerrufen',
    disconnect: 'Trennen',
    revokeError: 'Hier getrennt, aber der Schlüssel konnte auf dem Server nicht widerrufen werden: {error}'
  }
}
