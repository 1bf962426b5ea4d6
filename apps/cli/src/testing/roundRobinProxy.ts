/**
 * Test helper: a layer-4 (TCP) load balancer on 127.0.0.1, what a Kubernetes Service or a cloud
 * TCP load balancer does in front of several `stratos serve` processes. Each new client connection
 * is handed to the next backend of the rotation in turn; a backend that refuses the connection
 * (ECONNREFUSED: it stopped listening) is skipped for the next one before any byte is forwarded.
 * Once connected, bytes are copied both ways untouched; an error on one side closes the other.
 * Node only; never part of the product.
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net'

export interface Backend {
  /** A name of the process behind it, for the counts (e.g. `serve-3`). */
  name: string
  host: string
  port: number
}

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string
  port: number
  /** Replaces the rotation (new connections only; open ones stay where they are). */
  setBackends(backends: readonly Backend[]): void
  /** Appends a backend to the rotation (an endpoint turning ready). */
  add(backend: Backend): void
  /**
   * Takes a backend out of the rotation (its endpoint removed, as Kubernetes does before it sends
   * SIGTERM). Resolves once no connection to it is still being opened, so every connection it will
   * ever get is established when the caller stops it.
   */
  drain(name: string): Promise<void>
  /** The backend the client connection whose local port is `clientPort` was handed to, if any. */
  backendOf(clientPort: number): string | undefined
  /** Connections handed to each backend so far. */
  served(): ReadonlyMap<string, number>
  /** Times a backend refused a connection, which then went to the next one. */
  skipped(): number
  /** Client connections no backend accepted (each was closed without an answer). */
  unrouted(): number
  /** Stops accepting and closes every connection. */
  close(): Promise<void>
}

/** Starts the proxy on a free port of 127.0.0.1 with `backends` in rotation. */
export async function startRoundRobinProxy(backends: readonly Backend[] = []): Promise<RoundRobinProxy> {
  let rotation: Backend[] = [...backends]
  let next = 0
  let unrouted = 0
  let skipped = 0
  const served = new Map<string, number>()
  const routed = new Map<number, string>()
  const opening = new Map<string, number>()
  const openingDone = new Map<string, (() => void)[]>()
  const sockets = new Set<Socket>()

  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }

  const settleOpening = (name: string) => {
    const left = (opening.get(name) ?? 1) - 1
    opening.set(name, left)
    if (left === 0) for (const done of openingDone.get(name)?.splice(0) ?? []) done()
  }

  const route = (client: Socket) => {
    track(client)
    client.on('error', () => client.destroy())
    // The candidates as the rotation stands now, starting at this connection's turn.
    const candidates = rotation.map((_, i) => rotation[(next + i) % rotation.length]!)
    next = rotation.length === 0 ? 0 : (next + 1) % rotation.length
    const attempt = (i: number) => {
      const backend = candidates[i]
      if (!backend || client.destroyed) {
        unrouted++
        client.destroy()
        return
      }
      opening.set(backend.name, (opening.get(backend.name) ?? 0) + 1)
      const upstream = tcpConnect({ host: backend.host, port: backend.port })
      track(upstream)
      let connected = false
      upstream.once('connect', () => {
        connected = true
        settleOpening(backend.name)
        served.set(backend.name, (served.get(backend.name) ?? 0) + 1)
        if (client.remotePort !== undefined) routed.set(client.remotePort, backend.name)
        client.pipe(upstream)
        upstream.pipe(client)
        client.once('close', () => upstream.destroy())
        upstream.once('close', () => client.destroy())
        client.resume()
      })
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (connected) return client.destroy()
        settleOpening(backend.name)
        // Refused before any byte went through: the next backend gets the connection.
        if (error.code === 'ECONNREFUSED') {
          skipped++
          attempt(i + 1)
        } else client.destroy()
      })
    }
    attempt(0)
  }

  // Paused until a backend is connected: the client's first bytes wait in the kernel meanwhile.
  const server = createServer({ pauseOnConnect: true }, route)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as { port: number }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setBackends(list) {
      rotation = [...list]
      next = 0
    },
    add(backend) {
      rotation = [...rotation, backend]
    },
    drain(name) {
      rotation = rotation.filter((backend) => backend.name !== name)
      next = rotation.length === 0 ? 0 : next % rotation.length
      if (!opening.get(name)) return Promise.resolve()
      return new Promise((resolve) => {
        openingDone.set(name, [...(openingDone.get(name) ?? []), resolve])
      })
    },
    backendOf: (clientPort) => routed.get(clientPort),
    served: () => served,
    skipped: () => skipped,
    unrouted: () => unrouted,
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      return closed
    },
  }
}
