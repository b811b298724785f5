/**
 * The simulator's own model of BTCPay's permission policies (`AddPolicyDefinitions`), written independently of
 * the connector's so the two check each other. Keys are `Authorization: token <key>`.
 */
const S = 'btcpay.store.'

const CHILDREN: Record<string, string[]> = {
  [`${S}canmodifystoresettings`]: [
    `${S}canmanagepullpayments`,
    `${S}canmodifyinvoices`,
    `${S}canviewstoresettings`,
    `${S}webhooks.canmodifywebhooks`,
    `${S}canmodifypaymentrequests`,
    `${S}canmanagepayouts`,
    `${S}canuselightningnode`,
    `${S}cansendstoreemails`
  ],
  [`${S}canmodifyinvoices`]: [`${S}canviewinvoices`, `${S}cancreateinvoice`, `${S}cancreatelightninginvoice`],
  [`${S}canviewstoresettings`]: [
    `${S}canviewinvoices`,
    `${S}canviewpaymentrequests`,
    `${S}canviewreports`,
    `${S}canviewpullpayments`,
    `${S}canviewpayouts`
  ],
  [`${S}canmanagepullpayments`]: [`${S}cancreatepullpayments`, `${S}canarchivepullpayments`],
  [`${S}cancreatepullpayments`]: [`${S}cancreatenonapprovedpullpayments`],
  [`${S}cancreatenonapprovedpullpayments`]: [`${S}canviewpullpayments`],
  [`${S}canmanagepayouts`]: [`${S}canviewpayouts`],
  'btcpay.user.canmodifyprofile': ['btcpay.user.canviewprofile'],
  'btcpay.server.canmodifyserversettings': [
    'btcpay.server.canuseinternallightningnode',
    'btcpay.server.canmanageusers'
  ],
  'btcpay.server.canmanageusers': ['btcpay.server.cancreateuser']
}

function closure(policy: string): Set<string> {
  const out = new Set<string>([policy])
  const stack = [policy]
  while (stack.length) {
    for (const child of CHILDREN[stack.pop() ?? ''] ?? []) {
      if (!out.has(child)) {
        out.add(child)
        stack.push(child)
      }
    }
  }
  return out
}

/**
 * Does a key holding `granted` satisfy `policy` for `storeId`? `storeId` null = a store-less route; `'*'` = the
 * route needs the unscoped permission (create store).
 */
export function allows(granted: readonly string[], policy: string, storeId: string | null): boolean {
  return granted.some((entry) => {
    if (entry === 'unrestricted') return true
    const [name = '', scope] = entry.split(':')
    if (scope !== undefined && scope !== '') {
      if (storeId === '*' || (storeId !== null && scope !== storeId)) return false
    }
    return closure(name).has(policy)
  })
}

/** BTCPay's 403 body for a missing permission. */
export function missingPermissionBody(policy: string): Record<string, string> {
  return {
    code: 'missing-permission',
    message: `Insufficient API Permissions. Please use an API key with permission "${policy}". You can create an API key in your account's settings / Api Keys.`,
    missingPermission: policy
  }
}
