/**
 * Agentenzugriff (Issue 16): Einstellungen → Agentenzugriff (der MCP-Server, seine Clients, ihre Tokens, die
 * Aktivität) und an der Kasse die Anfragen von Agenten, die auf eine Person warten.
 */
export default {
  settings: {
    title: 'Agentenzugriff',
    intro:
      'KI-Agenten und Automatisierungen (Claude Desktop, eine IDE, ein Skript) dürfen diese Kasse über MCP nutzen. Sie sehen nie einen Schlüssel des Zahlungsanbieters; Rückerstattungen und größere Zahlungsanforderungen warten an der Kasse auf eine Person.',
    enabled: 'MCP-Server ausführen',
    enabledHelp: 'Er ist nur auf diesem Computer erreichbar (127.0.0.1).',
    port: 'Port',
    portHelp: 'Von 1024 bis 65535; üblich ist {port}.',
    limit: 'Zahlungsanforderungen ohne Rückfrage bis ({currency})',
    limitHelp: 'Höhere warten an der Kasse auf den Inhaber. 0: Jede wartet. Zum Beispiel {example}.',
    perMinute: 'Aufrufe pro Minute und Client',
    perMinuteHelp: 'Eine ganze Zahl von 1 bis 600. Wer öfter aufruft, muss warten.',
    save: 'Speichern',
    saving: 'Wird gespeichert …',
    saved: 'Gespeichert.',
    problems: {
      port: 'Bitte einen Port von 1024 bis 65535 eingeben.',
      limit: 'Bitte einen Betrag von 0 oder mehr eingeben, etwa {example}.',
      perMinute: 'Bitte eine ganze Zahl von 1 bis 600 eingeben.'
    },
    running: 'Läuft unter {url}',
    stopped: 'Aus: Agenten können sich nicht verbinden.',
    problem: 'Läuft nicht: {problem}'
  },
  clients: {
    title: 'Clients',
    intro:
      'Jeder Agent und jedes Programm bekommt ein eigenes Token: So sehen Sie, was es getan hat, und können es einzeln widerrufen.',
    none: 'Noch keine Clients.',
    created: 'Angelegt',
    lastUsed: 'Zuletzt genutzt',
    never: 'nie',
    calls: 'Aufrufe',
    token: 'Token',
    scopes: 'Darf',
    revoked: 'Widerrufen {time}',
    revoke: 'Widerrufen',
    revokeLabel: '{name} widerrufen',
    confirmTitle: '„{name}“ widerrufen?',
    confirmBody:
      'Sein Token funktioniert ab sofort nicht mehr, und seine noch wartenden Anfragen an der Kasse werden abgelehnt. Das lässt sich nicht rückgängig machen.',
    keep: 'Behalten',
    confirm: 'Widerrufen',
    newTitle: 'Neuer Client',
    name: 'Name',
    namePlaceholder: 'z. B. Claude Desktop',
    scopeLegend: 'Was er darf',
    create: 'Client anlegen',
    creating: 'Wird angelegt …',
    problems: {
      name: 'Bitte dem Client einen Namen geben.',
      scopes: 'Bitte mindestens eines wählen.'
    }
  },
  scopes: {
    names: {
      read: 'Lesen',
      recovery: 'Nachfassen',
      refunds: 'Rückerstattungen'
    },
    help: {
      read: 'Verkäufe, Rechnungen, den Tagesabschluss, Abwanderungssignale und den Status der Zahlungsanbieter sehen; ändert nichts.',
      recovery:
        'Nachrichten zu fehlgeschlagenen Zahlungen entwerfen und Zahlungsanforderungen erstellen (über Ihrem Limit warten sie auf Sie).',
      refunds: 'Rückerstattungen anfragen; jede wartet an der Kasse, bis eine Person sie freigibt.'
    }
  },
  token: {
    title: 'Token für „{name}“',
    warning:
      'Kopieren Sie das Token jetzt: Es wird nur dieses eine Mal angezeigt. Kassa speichert nur einen Fingerabdruck davon; geht es verloren, legen Sie einen neuen Client an.',
    label: 'Token',
    copy: 'Token kopieren',
    copySnippet: 'Kopieren',
    copied: 'Kopiert',
    copyFailed: 'Kopieren nicht möglich: Bitte den Text markieren',
    stdio: 'Für einen MCP-Client, der ein Programm startet (stdio), z. B. Claude Desktop:',
    http: 'Für einen MCP-Client, der sich über HTTP verbindet:',
    url: 'URL',
    header: 'Header',
    urlOff: 'Der Server ist aus: Schalten Sie ihn oben ein, um sich über HTTP zu verbinden.',
    done: 'Fertig, ich habe es kopiert'
  },
  activity: {
    title: 'Agentenaktivität',
    intro: 'Die letzten Tool-Aufrufe, die neuesten zuerst.',
    filter: 'Client',
    all: 'Alle Clients',
    none: 'Noch keine Aufrufe.',
    refresh: 'Aktualisieren',
    ok: 'OK',
    error: 'Fehler',
    time: 'Zeit',
    client: 'Client',
    tool: 'Tool',
    result: 'Ergebnis',
    summary: 'Zusammenfassung'
  },
  requests: {
    chip: 'Keine Agentenanfragen | 1 Agentenanfrage | {count} Agentenanfragen',
    title: 'Anfragen von Agenten',
    none: 'Es wartet nichts.',
    refund: 'Rückerstattung von {amount} für Verkauf {sale}',
    payment: 'Zahlungsanforderung über {amount} für eine fehlgeschlagene Zahlung (Verkauf {sale})',
    receipt: 'Nr. {number}',
    from: 'Angefragt von {client}',
    variant: 'Auszahlung als: {variant}',
    recorded: 'Auszahlung außerhalb von Kassa',
    fee: 'Abzüglich {percent} % Gebühr',
    reason: 'Begründung: „{reason}“',
    noReason: 'Keine Begründung angegeben.',
    paymentTriage:
      'Braucht die PIN des Inhabers: Zahlungsanforderungen über dem Limit gibt der Inhaber frei.',
    left: 'noch {hours} Std. {minutes} Min.',
    expiring: 'Läuft jetzt ab',
    approve: 'Freigeben',
    decline: 'Ablehnen',
    approveLabel: 'Anfrage von {client} freigeben',
    declineLabel: 'Anfrage von {client} ablehnen',
    approving: 'Wird freigegeben …',
    declining: 'Wird abgelehnt …',
    note: 'Notiz für den Agenten (optional)',
    confirmDecline: 'Ablehnen',
    back: 'Zurück',
    pinCancelled: 'Nicht freigegeben: Die PIN des Inhabers wurde nicht eingegeben.',
    close: 'Schließen',
    outcome: {
      approved: 'Freigegeben und ausgeführt.',
      approving: 'Freigegeben; wird gerade ausgeführt …',
      declined: 'Abgelehnt. Der Agent erfährt es.',
      failed: 'Freigegeben, konnte aber nicht ausgeführt werden: {error}',
      expired: 'Abgelaufen: Niemand hat innerhalb von 24 Stunden entschieden.',
      pending: 'Wartet noch.'
    },
    claimHelp: 'Der Kunde scannt dies und fordert die Rückerstattung mit seiner eigenen Wallet an.',
    payHelp: 'Der Kunde bezahlt über diesen Link.',
    qrLabel: 'QR-Code des Links',
    copyLink: 'Link kopieren'
  }
}
