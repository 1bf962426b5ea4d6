import type { CantonHistoryItem } from '@stratos/schemas'
import { formatAmount } from './formatAmount'

/** `bob::1220abcd…`: the hint and the start of the fingerprint, enough to tell parties apart. */
export function shortParty(partyId: string): string {
  const at = partyId.lastIndexOf('::')
  if (at < 0 || partyId.length - at - 2 <= 8) return partyId
  return `${partyId.slice(0, at + 2 + 8)}…`
}

/** `25 USDX`, or `an amount` when the participant no longer has the instruction's details. */
function amountText(item: CantonHistoryItem): string {
  if (item.amount === undefined) return 'a transfer'
  return `${formatAmount(item.amount)}${item.instrumentId ? ` ${item.instrumentId.id}` : ''}`
}

/** What happened, in the user's words: "Sent 25 USDX to bob::1220abcd…", "Rejected by bob::…: 10 USDX". */
export function describeHistoryItem(item: CantonHistoryItem): string {
  const what = amountText(item)
  const who = item.counterparty ? shortParty(item.counterparty) : 'someone'
  const sender = item.role === 'sender'
  switch (item.kind) {
    case 'transfer-sent':
      return `Sent ${what} to ${who}`
    case 'transfer-received':
      return `Received ${what} from ${who}`
    case 'transfer-accepted':
      return sender ? `Accepted by ${who}: ${what}` : `Accepted ${what} from ${who}`
    case 'transfer-rejected':
      return sender ? `Rejected by ${who}: ${what}` : `Rejected ${what} from ${who}`
    case 'transfer-withdrawn':
      return sender ? `Withdrew ${what} sent to ${who}` : `Withdrawn by ${who}: ${what}`
    case 'mint':
      return `Minted ${what} to you`
    default:
      return `Other: ${[item.template, item.choice].filter(Boolean).join(' ') || 'a transaction'}`
  }
}

/** The token-standard status as a word, when it adds something ("Awaiting acceptance"). */
export function statusText(item: CantonHistoryItem): string | null {
  if (item.status === 'pending') return 'Awaiting acceptance'
  if (item.status === 'failed' && item.kind !== 'transfer-rejected' && item.kind !== 'transfer-withdrawn')
    return 'Failed'
  return null
}
