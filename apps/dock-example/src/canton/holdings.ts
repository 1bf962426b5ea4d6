import { formatDecimal, parseDecimal } from './decimal.js'

/** CIP-0056 `Holding` interface, referenced by package name. */
export const HOLDING_INTERFACE = '#splice-api-token-holding-v1:Splice.Api.Token.HoldingV1:Holding'

export interface Holding {
  contractId: string
  instrumentId: { admin: string; id: string }
  amount: string
  locked: boolean
}

interface HoldingView {
  owner: string
  instrumentId: { admin: string; id: string }
  amount: string
  lock: { expiresAt: string | null } | null
}

/** The JSON Ledger API `POST /v2/state/active-contracts` body for the party's holdings (interface views). */
export function holdingsQuery(party: string, activeAtOffset: number) {
  return {
    activeAtOffset,
    verbose: false,
    eventFormat: {
      verbose: false,
      filtersByParty: {
        [party]: {
          cumulative: [
            {
              identifierFilter: {
                InterfaceFilter: {
                  value: {
                    interfaceId: HOLDING_INTERFACE,
                    includeInterfaceView: true,
                    includeCreatedEventBlob: false,
                  },
                },
              },
            },
          ],
        },
      },
    },
  }
}

/**
 * A `ledgerApi` result as the Ledger API's JSON: CIP-0103 leaves its wrapping to the wallet, so
 * both the body itself and `{ response }` (parsed or as a string) are read.
 */
export function ledgerBody(result: unknown): unknown {
  if (result && typeof result === 'object' && !Array.isArray(result) && 'response' in result) {
    const { response } = result as { response: unknown }
    return typeof response === 'string' ? JSON.parse(response) : response
  }
  return result
}

/** The party's own holdings from an active-contracts answer (a lock past its expiry no longer holds). */
export function parseHoldings(result: unknown, party: string, now = new Date()): Holding[] {
  const body = ledgerBody(result)
  const entries = Array.isArray(body) ? body : []
  const holdings: Holding[] = []
  for (const entry of entries) {
    const created = (entry as { contractEntry?: { JsActiveContract?: { createdEvent?: unknown } } })
      .contractEntry?.JsActiveContract?.createdEvent as
      | { contractId: string; interfaceViews?: { interfaceId: string; viewValue?: HoldingView }[] }
      | undefined
    const view = created?.interfaceViews?.find((v) =>
      v.interfaceId.endsWith(':Splice.Api.Token.HoldingV1:Holding'),
    )?.viewValue
    if (!created || !view || view.owner !== party) continue
    holdings.push({
      contractId: created.contractId,
      instrumentId: { admin: view.instrumentId.admin, id: view.instrumentId.id },
      amount: formatDecimal(parseDecimal(view.amount)),
      locked:
        view.lock !== null &&
        (view.lock.expiresAt === null || Date.parse(view.lock.expiresAt) > now.getTime()),
    })
  }
  return holdings
}
