import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { generateArtifacts, generatedDir } from '../scripts/generate.js'

describe('src/generated', () => {
  test('behavior: matches a fresh forge build (run `npx tsx contracts/scripts/generate.ts`)', {
    timeout: 600_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stratos-generated-'))
    try {
      await generateArtifacts(dir)
      const fresh = (await readdir(dir)).sort()
      expect((await readdir(generatedDir)).sort()).toEqual(fresh)
      for (const file of fresh) {
        const committed = await readFile(join(generatedDir, file), 'utf8')
        expect(committed === (await readFile(join(dir, file), 'utf8')), `${file} is stale`).toBe(true)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
