import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

const root = dirname(fileURLToPath(import.meta.url))
const workspacePackages = resolve(root, '../../packages')

/**
 * The wallet SPA. The API serves `dist/` with an index.html fallback in production; in development
 * Vite proxies `/api` to the API on 8787 so cookies and WebAuthn see one origin.
 */
export default defineConfig({
  root,
  plugins: [react()],
  // `@stratos/source`: workspace packages that publish a build (@stratos/dock-sdk) are used from source.
  resolve: { conditions: ['@stratos/source', ...defaultClientConditions] },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // dist/.vite/manifest.json: what each chunk imports, for the JavaScript budget per route
    // (src/build/bundleBudget.ts, run after every build).
    manifest: true,
    rolldownOptions: {
      treeshake: {
        // The workspace packages are plain libraries (no import-time effects) whose package.json
        // does not say so; without this, importing one function (verifyTopologyMultiHash for
        // Canton onboarding) brings every module of @stratos/canton. Everything else keeps its
        // own package.json's sideEffects.
        moduleSideEffects: (id) => (id.startsWith(`${workspacePackages}/`) ? false : undefined),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8787' },
    },
  },
})
