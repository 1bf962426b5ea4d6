import { createServer } from 'node:net'

/**
 * A free TCP port on 127.0.0.1, for a local server that must be told its port up front (the dev
 * stack's etcd and API, throwaway PostgreSQL clusters).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}
