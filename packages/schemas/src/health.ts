import { z } from 'zod'

/** GET /api/health */
export const HealthResponse = z.object({ ok: z.literal(true) })
export type HealthResponse = z.infer<typeof HealthResponse>

/** GET /healthz: the process is alive (no I/O behind it). */
export const LivenessResponse = z.object({ status: z.literal('ok') })
export type LivenessResponse = z.infer<typeof LivenessResponse>

/** The outcome of one readiness check. */
export const ReadinessCheck = z.enum(['ok', 'failed', 'not configured'])

/** GET /readyz: the instance can serve (a 503 ApiError NOT_READY names what failed). */
export const ReadinessResponse = z.object({
  status: z.literal('ready'),
  checks: z.object({
    database: ReadinessCheck,
    schema: ReadinessCheck,
    canton: ReadinessCheck,
  }),
})
export type ReadinessResponse = z.infer<typeof ReadinessResponse>
