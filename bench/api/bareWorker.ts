// A baseline of api.bench.ts: a bare Hono route as a Worker, served by `wrangler dev --local` as
// the product Worker is. GET /bare (and /readyz, what the bench waits for) answers a trivial JSON body.
import { Hono } from 'hono'

const app = new Hono()
app.get('/bare', (c) => c.json({ ok: true }))
app.get('/readyz', (c) => c.json({ ok: true }))

export default app
