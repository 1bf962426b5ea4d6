import { z } from 'zod'

/** GET /api/health */
export const HealthResponse = z.object({ ok: z.literal(true) })
export type HealthResponse = z.infer<typeof HealthResponse>
