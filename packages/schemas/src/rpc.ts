import { z } from 'zod'

/** One JSON-RPC 2.0 request to POST /api/rpc/evm (the same-origin proxy to the instance's EVM node). */
export const JsonRpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string().min(1, 'method is required'),
  params: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
})
export type JsonRpcRequest = z.infer<typeof JsonRpcRequest>

/** A single request, or a batch of up to 20. */
export const JsonRpcBody = z.union([JsonRpcRequest, z.array(JsonRpcRequest).min(1).max(20)])
export type JsonRpcBody = z.infer<typeof JsonRpcBody>

/** One JSON-RPC 2.0 response: a result or an error, for the request of the same id. */
export const JsonRpcResponse = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]),
  result: z.unknown().optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
})
export type JsonRpcResponse = z.infer<typeof JsonRpcResponse>

/** What POST /api/rpc/evm answers: one response, or one per request of a batch. */
export const JsonRpcResponseBody = z.union([JsonRpcResponse, z.array(JsonRpcResponse)])
export type JsonRpcResponseBody = z.infer<typeof JsonRpcResponseBody>
