import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The @stratos/cli package folder, found upwards from this module: the same from the sources
 * (`src/…`) and from the compiled bundle (`dist/…`).
 */
function cliRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@stratos/cli') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the @stratos/cli package folder')
    dir = parent
  }
}

/** The built web app (`npm run build` writes it). */
export const webDist: string = join(cliRoot(), '..', 'web', 'dist')
