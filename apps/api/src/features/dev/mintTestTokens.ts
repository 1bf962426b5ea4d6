import type { CantonLedger } from '../../canton/cantonLedger.js'
import { requireInstrument } from '../../canton/tokenStandard.js'
import { ApiError } from '../../errors.js'
import { DEV_TRANSFER_FACTORY_TEMPLATE } from './devInstrument.js'

/** 100 test tokens: what the dev faucet mints per request. */
export const CANTON_FAUCET_AMOUNT = '100'

/**
 * Dev mode: the instrument admin (a party the API acts as) mints test tokens to the user with its
 * test factory's `Mint`. Minting is no transfer, so the factory is read from the ledger as the
 * admin, not asked of the registry (whose transfer-factory API wants a transfer's arguments).
 */
export async function mintTestTokens(ledger: CantonLedger, partyId: string) {
  const instrument = requireInstrument(ledger)
  const { contracts } = await ledger.client.activeContracts({
    parties: [instrument.admin],
    templateIds: [DEV_TRANSFER_FACTORY_TEMPLATE],
  })
  const factory = contracts.find(
    (c) => (c.createdEvent.createArgument as { admin?: unknown } | undefined)?.admin === instrument.admin,
  )
  if (!factory)
    throw new ApiError(
      409,
      'CANTON_NO_TEST_FACTORY',
      `The instrument admin ${instrument.admin} has no test transfer factory: the dev faucet works only with the dev registry of canton-devnet`,
    )
  const { updateId } = await ledger.client.submitAndWait({
    commandId: crypto.randomUUID(),
    actAs: [instrument.admin],
    commands: [
      {
        ExerciseCommand: {
          templateId: DEV_TRANSFER_FACTORY_TEMPLATE,
          contractId: factory.createdEvent.contractId,
          choice: 'Mint',
          choiceArgument: { owner: partyId, instrumentId: instrument.id, amount: CANTON_FAUCET_AMOUNT },
        },
      },
    ],
  })
  return { amount: CANTON_FAUCET_AMOUNT, instrumentId: instrument, updateId }
}
