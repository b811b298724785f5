import { networkInterfaces } from 'node:os'

/** True for an address only this computer reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/** True for the wildcard addresses that listen on every interface. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:0'
}

/** `host` as it appears in a URL or a Host header (IPv6 in brackets). */
function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** This computer's interface addresses (IPv6 link-local ones left out: a Host header cannot name their zone). */
function interfaceAddresses(): { address: string; internal: boolean; family: string }[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined)
    .filter((entry) => !(entry.family === 'IPv6' && entry.address.startsWith('fe80')))
}

/**
 * The `Host` header values the web host answers when listening on `host`:`port` (anything else is refused 421,
 * against DNS rebinding). Loopback (the default): that address and `localhost`. A LAN address (`KASSA_HOST`): it
 * and `localhost`. A wildcard (`0.0.0.0`, `::`): every address of this computer's interfaces, so a paired tablet
 * that opened `http://<LAN address>:<port>` gets in. Never a host name other than `localhost`: a name is what a
 * rebinding attack controls, an IP literal of this computer is not.
 */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  const hosts = new Set([`${hostPart(host)}:${port}`, `localhost:${port}`])
  if (isWildcard(host)) {
    for (const entry of interfaceAddresses()) hosts.add(`${hostPart(entry.address)}:${port}`)
  }
  return hosts
}

/**
 * The address a device on the network opens to reach a host listening on `host`:`port`: the host itself, or for a
 * wildcard the first non-internal IPv4 address (else IPv6) of this computer, else loopback.
 * @returns the origin (`http://…:port`) and whether only this computer can reach it
 */
export function pairingOrigin(host: string, port: number): { origin: string; loopbackOnly: boolean } {
  let address = host
  if (isWildcard(host)) {
    const external = interfaceAddresses().filter((entry) => !entry.internal)
    address =
      external.find((entry) => entry.family === 'IPv4')?.address ?? external[0]?.address ?? '127.0.0.1'
  }
  return { origin: `http://${hostPart(address)}:${port}`, loopbackOnly: isLoopback(address) }
}
