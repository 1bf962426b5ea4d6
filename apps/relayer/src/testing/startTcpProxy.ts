import { connect, createServer, type Socket } from 'node:net'
import { freePort } from '@stratos/db'

export type TcpProxy = {
  /** `127.0.0.1:<port>` of the proxy. */
  port: number
  url: string
  /**
   * Models a network partition: from now on every byte in either direction is dropped
   * silently (connections stay open, nothing is refused), and new connections hang.
   */
  partition(): void
  /** Ends the partition: the connections that lost bytes are reset, new ones pass again. */
  heal(): void
  stop(): Promise<void>
}

/**
 * A TCP proxy on 127.0.0.1 in front of `target` (`host:port`), for tests that need to cut one
 * client off from a server (etcd) while the server and the other clients carry on.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await freePort()
  let partitioned = false
  const pairs = new Set<{ client: Socket; upstream: Socket; damaged: boolean }>()
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host)
    const pair = { client, upstream, damaged: partitioned }
    pairs.add(pair)
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (partitioned) pair.damaged = true
        else to.write(chunk)
      })
    forward(client, upstream)
    forward(upstream, client)
    const close = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', close).on('error', close)
    upstream.on('close', close).on('error', close)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    partition() {
      partitioned = true
    },
    heal() {
      partitioned = false
      for (const pair of pairs) {
        if (pair.damaged) {
          pair.client.destroy()
          pair.upstream.destroy()
        }
      }
    },
    async stop() {
      for (const { client, upstream } of pairs) {
        client.destroy()
        upstream.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
