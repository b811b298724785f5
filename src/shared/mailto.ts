/**
 * A `mailto:` URL (RFC 6068) for the system mail client: `mailto:<to>?subject=…&body=…`. The address's local part
 * and domain are percent-encoded each (the `@` stays), subject and body with `encodeURIComponent`; line breaks in
 * the body become CRLF (`%0D%0A`), as RFC 6068 section 5 asks.
 * @param to the recipient's e-mail address
 */
export function mailtoUrl(to: string, subject: string, body: string): string {
  const at = to.lastIndexOf('@')
  const address =
    at < 0
      ? encodeURIComponent(to)
      : `${encodeURIComponent(to.slice(0, at))}@${encodeURIComponent(to.slice(at + 1))}`
  const crlf = body.replace(/\r\n|\r|\n/g, '\r\n')
  return `mailto:${address}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(crlf)}`
}
