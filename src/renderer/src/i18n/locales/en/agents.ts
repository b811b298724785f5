/**
 * Agent access (issue 16): Settings → Agent access (the MCP server, its clients, their tokens, the activity) and,
 * at the till, the requests agents made that wait for a person.
 */
export default {
  settings: {
    title: 'Agent access',
    intro:
      'Let AI agents and automations (Claude Desktop, an IDE, a script) use this till through MCP. They never see a processor key, and refunds and larger payment requests wait for a person at the till.',
    enabled: 'Run the MCP server',
    enabledHelp: 'It listens on this computer only (127.0.0.1).',
    port: 'Port',
    portHelp: 'From 1024 to 65535; usually {port}.',
    limit: 'Payment requests made without asking, up to ({currency})',
    limitHelp: 'Larger ones wait at the till for the owner. 0: every one waits. For example {example}.',
    perMinute: 'Calls a minute per client',
    perMinuteHelp: 'A whole number from 1 to 600. A client that calls more is told to wait.',
    save: 'Save',
    saving: 'Saving …',
    saved: 'Saved.',
    problems: {
      port: 'Enter a port from 1024 to 65535.',
      limit: 'Enter an amount of 0 or more, like {example}.',
      perMinute: 'Enter a whole number from 1 to 600.'
    },
    running: 'Running at {url}',
    stopped: 'Off: agents cannot connect.',
    problem: 'Not running: {problem}'
  },
  clients: {
    title: 'Clients',
    intro: 'Each agent or program gets its own token, so you can see what it did and revoke it alone.',
    none: 'No clients yet.',
    created: 'Created',
    lastUsed: 'Last use',
    never: 'never',
    calls: 'Calls',
    token: 'Token',
    scopes: 'May',
    revoked: 'Revoked {time}',
    revoke: 'Revoke',
    revokeLabel: 'Revoke {name}',
    confirmTitle: 'Revoke “{name}”?',
    confirmBody:
      'Its token stops working at once, and its requests still waiting at the till are declined. This cannot be undone.',
    keep: 'Keep it',
    confirm: 'Revoke',
    newTitle: 'New client',
    name: 'Name',
    namePlaceholder: 'e.g. Claude Desktop',
    scopeLegend: 'What it may do',
    create: 'Create client',
    creating: 'Creating …',
    problems: {
      name: 'Give the client a name.',
      scopes: 'Choose at least one.'
    }
  },
  scopes: {
    names: {
      read: 'Read',
      recovery: 'Recovery',
      refunds: 'Refunds'
    },
    help: {
      read: 'See sales, invoices, the day close, churn signals and the processors’ status; changes nothing.',
      recovery:
        'Draft messages for failed charges and make payment requests (above your limit they wait for you).',
      refunds: 'Ask for refunds; each one waits at the till until a person approves it.'
    }
  },
  token: {
    title: 'Token for “{name}”',
    warning:
      'Copy the token now: it is shown only this once. Kassa keeps only a fingerprint of it; if it is lost, make a new client.',
    label: 'Token',
    copy: 'Copy token',
    copySnippet: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy: select the text instead',
    stdio: 'For an MCP client that starts a program (stdio), e.g. Claude Desktop:',
    http: 'For an MCP client that connects over HTTP:',
    url: 'URL',
    header: 'Header',
    urlOff: 'The server is off: turn it on above to connect over HTTP.',
    done: 'Done, I have copied it'
  },
  activity: {
    title: 'Agent activity',
    intro: 'The latest tool calls, newest first.',
    filter: 'Client',
    all: 'All clients',
    none: 'No calls yet.',
    refresh: 'Refresh',
    ok: 'OK',
    error: 'Error',
    time: 'Time',
    client: 'Client',
    tool: 'Tool',
    result: 'Result',
    summary: 'Summary'
  },
  requests: {
    chip: 'No agent requests | 1 agent request | {count} agent requests',
    title: 'Requests from agents',
    none: 'Nothing is waiting.',
    refund: 'Refund of {amount} for sale {sale}',
    payment: 'Payment request of {amount} for a failed charge (sale {sale})',
    receipt: 'no. {number}',
    from: 'Asked by {client}',
    variant: 'Paid out as: {variant}',
    recorded: 'Paid out outside Kassa',
    fee: 'Less a fee of {percent} %',
    reason: 'Reason: “{reason}”',
    noReason: 'No reason given.',
    paymentTriage: 'Needs the owner’s PIN: payment requests above the limit are approved by the owner.',
    left: '{hours} h {minutes} min left',
    expiring: 'Expires now',
    approve: 'Approve',
    decline: 'Decline',
    approveLabel: 'Approve the request from {client}',
    declineLabel: 'Decline the request from {client}',
    approving: 'Approving …',
    declining: 'Declining …',
    note: 'Note for the agent (optional)',
    confirmDecline: 'Decline',
    back: 'Back',
    pinCancelled: 'Not approved: the owner’s PIN was not entered.',
    close: 'Close',
    outcome: {
      approved: 'Approved and carried out.',
      approving: 'Approved; it is being carried out …',
      declined: 'Declined. The agent is told so.',
      failed: 'Approved, but it could not be carried out: {error}',
      expired: 'Expired: nobody decided within 24 hours.',
      pending: 'Still waiting.'
    },
    claimHelp: 'The customer scans this to claim the refund with their own wallet.',
    payHelp: 'The customer pays with this link.',
    qrLabel: 'QR code of the link',
    copyLink: 'Copy link'
  }
}
