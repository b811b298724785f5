import { ref } from 'vue'

/**
 * How many agent requests the header's chip has to show (pending ones and outcomes still on screen): written by
 * the agents store (`stores/agents.ts`), read by the header, so the till's first load carries neither the store
 * nor the chip, only this number.
 */
export const agentRequestsShown = ref(0)
