import { z } from 'zod'

/** `POST /api/pair`'s body: the pairing code from the QR code's URL, and the device's own name for itself. */
export const PairRequestSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  name: z.string().trim().min(1).max(60).optional()
})
