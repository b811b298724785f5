import { KassaError } from '@shared/errors'
import { z } from 'zod'
import { callOrThrow, defineTool, READS_TILL, type ToolDef } from '../tool-kit'
import { requestIdField } from './fields'
import { RequestOutcomeOutput, requestOutcome } from './approval'

const processorStatus = defineTool({
  name: 'processor_status',
  title: 'Processor status',
  description:
    'Which payment processors the till is connected to (its own first) and the health of each: online, degraded ' +
    'or offline with plain words why, and when it last answered. Reads only; changes nothing.',
  scope: 'read',
  input: z.strictObject({}),
  output: z.object({
    connected: z.array(z.string()),
    health: z.array(
      z.object({
        processor: z.string(),
        state: z.string(),
        detail: z.string().nullable(),
        checkedAt: z.number().nullable(),
        lastOkAt: z.number().nullable()
      })
    )
  }),
  annotations: READS_TILL,
  async run(_args, { deps }) {
    const health = await callOrThrow(deps, 'processor:health', {})
    return { connected: deps.connected(), health }
  }
})

const getRequestStatus = defineTool({
  name: 'get_request_status',
  title: 'Approval request status',
  description:
    'Where a refund or payment request this client asked for stands: pending (waiting for a person at the till), ' +
    'approved (with the refund or link), declined, failed or expired. Reads only; changes nothing. Any scope may ' +
    'read its own requests.',
  scope: 'read',
  alsoScopes: ['recovery', 'refunds'],
  input: z.strictObject({ request_id: requestIdField }),
  output: RequestOutcomeOutput,
  annotations: READS_TILL,
  async run(args, { deps, client }) {
    const request = deps.access.request(client, args.request_id)
    if (!request) {
      throw new KassaError('not-found', `No request ${args.request_id} made by this client`)
    }
    return requestOutcome(request)
  }
})

/** The `read` tools about the till itself: processors and this client's requests. */
export const STATUS_TOOLS: ToolDef[] = [processorStatus, getRequestStatus]
