export { AgentService, type AgentServiceDeps } from './agent-service'
export { AGENT_REQUEST_TTL_MS, refundKeyOf } from './agent-approvals'
export { DEFAULT_AGENT_SETTINGS } from './agent-settings'
export type { AgentAccess, AgentClient, McpServerControl, McpServerState } from './agent-access'
