import { z } from 'zod'

/** Every error the API returns: a stable machine `code` and a message a person can act on. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
})
export type ApiError = z.infer<typeof ApiError>
