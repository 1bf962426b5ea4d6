import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { indexStatements, type MetadataStatement, parseMetadataStatement } from '@stratos/api'

/**
 * The FIDO metadata statements in `ADMIN_KEY_METADATA_DIR`: every `*.json` file of the folder,
 * each one statement (FIDO Metadata Statement v3.0, as the maker or the FIDO Metadata Service
 * publishes it), in file-name order. They name the hardware security keys the admin key policy
 * trusts; nothing is downloaded. Throws an Error naming the folder, a file and what is wrong.
 */
export function readAdminKeyMetadata(dir: string): MetadataStatement[] {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder')
    names = readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith('.json'))
      .sort()
  } catch (error) {
    throw new Error(
      `ADMIN_KEY_METADATA_DIR '${dir}' cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  if (names.length === 0)
    throw new Error(
      `ADMIN_KEY_METADATA_DIR '${dir}' holds no .json file: put the FIDO metadata statement of each allowed security key model there`,
    )
  const statements = names.map((name) => {
    let value: unknown
    try {
      value = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    } catch {
      throw new Error(`ADMIN_KEY_METADATA_DIR: ${name} is not JSON`)
    }
    try {
      return parseMetadataStatement(value, name)
    } catch (error) {
      throw new Error(`ADMIN_KEY_METADATA_DIR: ${error instanceof Error ? error.message : String(error)}`)
    }
  })
  try {
    indexStatements(statements)
  } catch (error) {
    throw new Error(`ADMIN_KEY_METADATA_DIR: ${error instanceof Error ? error.message : String(error)}`)
  }
  return statements
}
