import { Agent, request } from 'node:http'

export interface PostJsonReply {
  status: number
  body: string
}

/**
 * A JSON POST to the devnet over node:http with keep-alive and a bearer token, as a browser's
 * reused connection does. node:http rather than fetch: undici costs the client about twice the
 * CPU per request, which on 2 cores is taken from the server (see bench/auth/loginClients.ts).
 */
export function createPostJson(baseUrl: string, token: string, maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets })
  function post(path: string, body: unknown): Promise<PostJsonReply> {
    const text = JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request(
        `${baseUrl}${path}`,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          )
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(text)
    })
  }
  return { post, close: () => agent.destroy() }
}
