// Compiles the production CLI: apps/cli/src/production.ts and everything it imports from the
// @stratos/* workspace packages, bundled by esbuild into plain JavaScript under apps/cli/dist
// (`node apps/cli/dist/stratos.js <command>`). Third-party packages stay external (loaded from
// node_modules at run time, where `npm ci --omit=dev` puts them) when Node finds, from
// apps/cli/dist, the very copy the importing package would get; a package a workspace holds in a
// version of its own (packages/schemas has zod 4 where the root has zod 3) is bundled instead.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const cliDir = dirname(fileURLToPath(import.meta.url))
const outdir = join(cliDir, 'dist')

const builtins = new Set(builtinModules)
const bundledCopies = new Map()

/** The version of the package a resolved file belongs to (its nearest package.json with a name). */
function versionOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (!existsSync(manifest)) continue
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'))
    if (name) return version
  }
  return 'unknown'
}

/** Bare imports outside the workspace (`viem`, `pg`, `node:fs`) are left to Node where it resolves them alike. */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@stratos/') || args.pluginData?.resolving) return undefined
      if (args.path.startsWith('node:') || builtins.has(args.path.split('/')[0]))
        return { path: args.path, external: true }
      const resolve = (resolveDir) =>
        context.resolve(args.path, { resolveDir, kind: args.kind, pluginData: { resolving: true } })
      const [fromImporter, fromDist] = await Promise.all([resolve(args.resolveDir), resolve(cliDir)])
      if (fromImporter.errors.length === 0 && fromImporter.path === fromDist.path)
        return { path: args.path, external: true }
      if (fromImporter.errors.length > 0) return undefined
      // Workspaces that hold the same version each have a copy: bundle one of them.
      const key = `${args.path}@${versionOf(fromImporter.path)}`
      if (!bundledCopies.has(key)) bundledCopies.set(key, fromImporter.path)
      return { path: bundledCopies.get(key) }
    })
  },
}

const result = await build({
  entryPoints: { stratos: join(cliDir, 'src/production.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  plugins: [thirdPartyExternal],
  // Workspace packages published on their own (@stratos/dock-sdk) resolve to their sources, unbuilt.
  conditions: ['@stratos/source'],
  metafile: true,
  logLevel: 'warning',
})
// Chunks of earlier builds go once the new ones are written (removing the folder first would leave
// a moment without stratos.js for a test run building beside another).
const written = new Set(Object.keys(result.metafile.outputs).map((file) => resolve(file)))
for (const file of readdirSync(outdir)) if (!written.has(join(outdir, file))) rmSync(join(outdir, file))
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
console.log(
  `apps/cli/dist: ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} files, ${(bytes / 1024).toFixed(0)} KiB (entry apps/cli/dist/stratos.js)`,
)
