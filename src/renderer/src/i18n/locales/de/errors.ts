/** Fehler aus dem Hauptprozess (siehe en/errors.ts). */
export default {
  codes: {
    unknownCall_call:
      'Diese Seite hat die Kasse nach „{call}“ gefragt, das sie nicht kennt. Bitte die Seite neu laden.',
    unauthorized:
      'Diese Seite ist nicht bei der Kasse angemeldet. Öffnen Sie den Link, den der Startbefehl ausgegeben hat (er endet auf #token=…).',
    keychainUnavailable:
      'Kein Schlüsselbund des Betriebssystems verfügbar, daher können keine API-Schlüssel gespeichert werden. Siehe den Hinweis oben in den Einstellungen.',
    notConfigured_processor: '{processor} ist nicht verbunden. Verbinden Sie ihn in den Einstellungen.',
    processorAuth:
      'Der Zahlungsanbieter hat den API-Schlüssel abgelehnt. Prüfen Sie den Schlüssel in den Einstellungen.',
    processorPermission_permission:
      'Dem API-Schlüssel fehlt die Berechtigung {permission}. Legen Sie einen Schlüssel mit dieser Berechtigung an.',
    processorRateLimit_seconds:
      'Der Zahlungsanbieter bittet, {seconds} s bis zur nächsten Anfrage zu warten.',
    processorRateLimit:
      'Der Zahlungsanbieter bittet um weniger Anfragen. Versuchen Sie es in einer Minute erneut.',
    processorUnavailable_status:
      'Der Zahlungsanbieter hat Probleme (HTTP {status}). Versuchen Sie es gleich noch einmal.',
    processorUnavailable: 'Der Zahlungsanbieter hat Probleme. Versuchen Sie es gleich noch einmal.',
    processorConnection: 'Der Zahlungsanbieter ist nicht erreichbar. Prüfen Sie die Internetverbindung.',
    processorOffline: 'Der Zahlungsanbieter ist gerade nicht erreichbar.',
    rateLimited_retryAfterSeconds: 'Zu viele Aufrufe. Bitte in {retryAfterSeconds} s erneut versuchen.',
    rateLimited: 'Zu viele Aufrufe. Bitte in einer Minute erneut versuchen.',
    internal: 'In der Kasse ist etwas schiefgelaufen. Der Fehler wurde protokolliert.'
  },
  reasons: {
    processorPermission: {
      ipNotAllowed:
        'Plisio hat die Anfrage abgelehnt, weil die IP-Adresse dieses Computers nicht freigegeben ist: Tragen Sie sie in Plisios API-Einstellungen unter „Request IP“ ein (Guthaben, Gebühren, Auszahlungen und die Liste der Vorgänge brauchen sie).'
    },
    processorOffline: {
      outboxExpired:
        'Nicht berechnet: Der Zahlungsanbieter blieb länger offline, als der Inhaber erlaubt. Kassieren Sie erneut oder beginnen Sie einen neuen Verkauf.'
    },
    conflict: {
      connectFirst: 'Verbinden Sie zuerst {processor} (Einstellungen → {processor}).',
      nothingPaid: 'Für diesen Verkauf wurde nichts bezahlt.',
      fullyRefunded: 'Dieser Verkauf ist bereits vollständig erstattet.',
      outboxOpen:
        'Der Tag kann nicht abgeschlossen werden, solange Verkäufe dieses Tages in der Offline-Warteschlange warten (wartend: {count}; {sales}). Sie werden berechnet, sobald ihr Zahlungsanbieter wieder erreichbar ist, oder stornieren Sie sie.'
    },
    notFound: {
      noSale: 'Es gibt keinen Verkauf {id}.',
      noRefund: 'Es gibt keine Rückerstattung {id}.',
      noProcessor: 'Einen Zahlungsanbieter „{processor}“ gibt es in dieser Version nicht.'
    },
    invalidInput: {
      moreThanLeft: 'Für diesen Verkauf können höchstens {amount} erstattet werden.',
      unknownVariable:
        "Diese Nachricht verwendet {'{{'}{name}{'}}'}. Diesen Wert kann Kassa nicht einsetzen. Nutzen Sie die Knöpfe unter der Nachricht.",
      malformedTemplate:
        "Eine Nachfass-Nachricht enthält falsch geschriebene Klammern. Schreiben Sie jeden Wert als {'{{'}customer{'}}'}, am besten mit den Knöpfen unter der Nachricht."
    }
  }
}
