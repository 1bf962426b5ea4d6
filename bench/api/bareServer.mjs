// The baseline of api.bench.ts: a bare Hono route on @hono/node-server, the same server stack
// `stratos serve` runs on, in a process of its own. GET /bare answers a trivial JSON body.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.get('/bare', (c) => c.json({ ok: true }))

const port = Number(process.env.PORT)
if (!Number.isInteger(port) || port <= 0) {
  console.error(`bareServer: PORT must be a port number, got '${process.env.PORT}'`)
  process.exit(1)
}
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
process.once('SIGTERM', () => server.close(() => process.exit(0)))
