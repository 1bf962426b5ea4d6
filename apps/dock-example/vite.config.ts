import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'

const root = dirname(fileURLToPath(import.meta.url))

/**
 * The sample dock app: a static page served by `serveDockExample` (src/server.ts). No inline
 * script or style, so its CSP holds `'self'` only.
 */
export default defineConfig({
  root,
  // `@stratos/source`: @stratos/dock-sdk from its sources, as a dApp would use the published build.
  resolve: { conditions: ['@stratos/source', ...defaultClientConditions] },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
})
