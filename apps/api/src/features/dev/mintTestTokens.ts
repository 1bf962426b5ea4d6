import type { CantonLedger } from '../../canton/cantonLedger.js'
import { requireInstrument } from '../../canton/tokenStandard.js'
import { DEV_TRANSFER_FACTORY_TEMPLATE } from './devInstrument.js'

/** 100 test tokens: what the dev faucet mints per request. */
export const CANTON_FAUCET_AMOUNT = '100'

/** Dev mode: the instrument admin (a party the API acts as) mints test tokens to the user. */
export async function mintTestTokens(ledger: CantonLedger, partyId: string) {
  const instrument = requireInstrument(ledger)
  const factory = await ledger.transferFactory({ expectedAdmin: instrument.admin })
  const { updateId } = await ledger.client.submitAndWait({
    commandId: crypto.randomUUID(),
    actAs: [instrument.admin],
    commands: [
      {
        ExerciseCommand: {
          templateId: DEV_TRANSFER_FACTORY_TEMPLATE,
          contractId: factory.factoryId,
          choice: 'Mint',
          choiceArgument: { owner: partyId, instrumentId: instrument.id, amount: CANTON_FAUCET_AMOUNT },
        },
      },
    ],
  })
  return { amount: CANTON_FAUCET_AMOUNT, instrumentId: instrument, updateId }
}
