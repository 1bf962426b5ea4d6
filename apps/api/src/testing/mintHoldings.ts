import { createLedgerClient } from '@stratos/canton'
import { DEV_TRANSFER_FACTORY_TEMPLATE } from '../features/dev/devInstrument.js'
import type { TestCanton } from './cantonDevnet.js'

/** The API's Ledger API user on the test devnet (set up by useCantonDevnet). */
const USER_ID = 'stratos-wallet'

/** Mint commands per submit-and-wait: one transaction each. */
const BATCH = 500

/**
 * Mints `amounts.length` holdings of the test instrument to `owner`, one per amount, as the
 * instrument admin (the dev registry's Mint), in a few large transactions.
 */
export async function mintHoldings(canton: TestCanton, owner: string, amounts: string[]): Promise<void> {
  const { instrument } = canton.config
  if (!instrument) throw new Error('mintHoldings: the test devnet has no instrument')
  const client = createLedgerClient({ url: canton.devnet.url, token: await canton.devnet.tokenFor(USER_ID) })
  const { contracts } = await client.activeContracts({
    parties: [instrument.admin],
    templateIds: [DEV_TRANSFER_FACTORY_TEMPLATE],
  })
  const factory = contracts[0]?.createdEvent.contractId
  if (!factory) throw new Error('mintHoldings: the dev registry has no transfer factory')
  for (let i = 0; i < amounts.length; i += BATCH) {
    await client.submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [instrument.admin],
      commands: amounts.slice(i, i + BATCH).map((amount) => ({
        ExerciseCommand: {
          templateId: DEV_TRANSFER_FACTORY_TEMPLATE,
          contractId: factory,
          choice: 'Mint',
          choiceArgument: { owner, instrumentId: instrument.id, amount },
        },
      })),
    })
  }
}
