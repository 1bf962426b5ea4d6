import { existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const DEBIAN_ROOT = '/usr/lib/postgresql'

/**
 * The folder holding a PostgreSQL program (`initdb`, `pg_dump`, `pg_restore`), or undefined.
 * Looks in `$PG_BIN`, then in Debian's `/usr/lib/postgresql/<major>/bin` from the newest major
 * down (Debian keeps the server programs there, outside PATH, and a newer pg_dump reads older
 * servers), then on PATH.
 */
export function findPostgresBin(program: string): string | undefined {
  const debian = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((major) => join(DEBIAN_ROOT, major, 'bin'))
    : []
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  const candidates = [process.env.PG_BIN, ...debian, ...path].filter((dir): dir is string => Boolean(dir))
  return candidates.find((dir) => existsSync(join(dir, program)))
}
