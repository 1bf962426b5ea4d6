import {
  HOLDING_INTERFACE_ID,
  TRANSFER_FACTORY_INTERFACE_ID,
  TRANSFER_INSTRUCTION_INTERFACE_ID,
} from '@canton-network/core-token-standard'
import { TOKEN_STANDARD_PACKAGE_IDS as DEVNET_PACKAGE_IDS } from '@stratos/canton-devnet'
import { describe, expect, test } from 'vitest'
import {
  isTokenStandardInterface,
  TOKEN_STANDARD_INTERFACE_IDS,
  TOKEN_STANDARD_PACKAGE_IDS,
} from './tokenStandardInterfaces.js'

const TI = TOKEN_STANDARD_PACKAGE_IDS['splice-api-token-transfer-instruction-v1']
const at = (packageId: string, moduleName: string, entityName: string) => ({
  packageId,
  moduleName,
  entityName,
})

describe('TOKEN_STANDARD_INTERFACE_IDS', () => {
  test('behavior: the interface ids are the official ones of @canton-network/core-token-standard', () => {
    expect(TOKEN_STANDARD_INTERFACE_IDS).toEqual({
      transferFactory: TRANSFER_FACTORY_INTERFACE_ID,
      transferInstruction: TRANSFER_INSTRUCTION_INTERFACE_ID,
      holding: HOLDING_INTERFACE_ID,
    })
  })

  test('behavior: canton-devnet registers the interfaces under the same package ids', () => {
    expect(DEVNET_PACKAGE_IDS).toEqual(TOKEN_STANDARD_PACKAGE_IDS)
  })
})

describe('isTokenStandardInterface', () => {
  test('behavior: the pinned package, module and entity match', () => {
    expect(
      isTokenStandardInterface(
        at(TI, 'Splice.Api.Token.TransferInstructionV1', 'TransferFactory'),
        'transferFactory',
      ),
    ).toBe(true)
    expect(
      isTokenStandardInterface(
        at(TI, 'Splice.Api.Token.TransferInstructionV1', 'TransferInstruction'),
        'transferInstruction',
      ),
    ).toBe(true)
  })

  test('error: another package with the same names, another entity, or none at all', () => {
    expect(
      isTokenStandardInterface(
        at('66'.repeat(32), 'Splice.Api.Token.TransferInstructionV1', 'TransferFactory'),
        'transferFactory',
      ),
    ).toBe(false)
    expect(
      isTokenStandardInterface(
        at(TI, 'Splice.Api.Token.TransferInstructionV1', 'TransferInstruction'),
        'transferFactory',
      ),
    ).toBe(false)
    expect(isTokenStandardInterface(at(TI, 'Evil.Module', 'TransferFactory'), 'transferFactory')).toBe(false)
    expect(isTokenStandardInterface(undefined, 'transferFactory')).toBe(false)
  })
})
