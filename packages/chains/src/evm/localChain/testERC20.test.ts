import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const copy = fileURLToPath(new URL('./testERC20.ts', import.meta.url))
const generated = fileURLToPath(
  new URL('../../../../../contracts/src/generated/testERC20.ts', import.meta.url),
)

/** The file without its leading `//` comment lines (the copy says where it comes from). */
const body = async (path: string) => (await readFile(path, 'utf8')).replace(/^(\/\/.*\n)+/, '')

describe('testERC20', () => {
  test('behavior: the copy is the ABI and bytecode @stratos/contracts generates, byte for byte', async () => {
    expect(await body(copy)).toBe(await body(generated))
  })
})
