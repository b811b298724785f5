/**
 * `npm run -s mcp` (`node out/main/mcp.js`; in the packaged app `kassa mcp`): the MCP server on stdin/stdout for
 * clients that start their servers as programs (Claude Desktop, IDEs). It relays to the running till's Streamable
 * HTTP endpoint and never opens the ledger. Env: `KASSA_MCP_TOKEN` (required: a client token from Settings → Agent
 * access), `KASSA_MCP_URL` (default `http://127.0.0.1:7420/mcp`). Stdout carries only MCP messages; what went wrong
 * goes to stderr, which MCP clients show. Exit codes: see `./mcp/stdio-bridge`.
 */
import { runStdioBridge } from './mcp/stdio-bridge'

void runStdioBridge(process.env, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: (line) => void process.stderr.write(`${line}\n`)
}).then((code) => process.exit(code))
