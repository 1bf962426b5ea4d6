// Worker entry: worker threads do not inherit tsx's loader, so register it, then load the
// TypeScript worker (getClients.ts).
import { register } from 'tsx/esm/api'

register()
await import('./getClients.ts')
