/** Wörter, die auf mehreren Bildschirmen vorkommen. */
export default {
  cancel: 'Abbrechen',
  close: 'Schließen',
  save: 'Speichern',
  retry: 'Erneut versuchen',
  back: 'Zurück',
  loading: 'Lädt …',
  yes: 'Ja',
  no: 'Nein'
}
