/** Words used on several screens. */
export default {
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
  retry: 'Try again',
  back: 'Back',
  loading: 'Loading…',
  yes: 'Yes',
  no: 'No'
}
