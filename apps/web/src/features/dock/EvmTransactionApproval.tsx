import { useEffect, useId, useState } from 'react'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { useAction } from '../../lib/useAction'
import type { ApprovalRequest } from './approvalQueue'
import type { DecodedEvmCall } from './evm/decodeEvmCall'
import { proxyEvmRequest } from './evm/evmRequest'
import { formatEvmAmount } from './evm/formatEvmAmount'
import { type EvmTransactionReview, prepareEvmReview } from './evm/prepareEvmReview'
import type { TokenInfo } from './evm/readTokenInfo'
import { sendReviewedTransaction } from './evm/sendReviewedTransaction'
import { type ApprovalBodyProps, RejectButton } from './RejectButton'
import { VaultGate } from './VaultGate'

type TransactionRequest = Extract<ApprovalRequest, { kind: 'evm-transaction' }>

function tokenAmount(token: TokenInfo, amount: bigint): string {
  return formatEvmAmount(amount, token.decimals, token.symbol)
}

function TokenNote({ token }: { token: TokenInfo }) {
  if (token.listed) return null
  return (
    <p className="small muted">
      {token.symbol === null
        ? `The contract ${token.address} did not say which token it is.`
        : `${token.symbol} is what the contract ${token.address} calls itself; it is not a token your wallet lists.`}
    </p>
  )
}

/** What the call does, in words, with the warnings an unlimited approval or an unknown call need. */
function CallSummary({ call, appName }: { call: DecodedEvmCall; appName: string }) {
  switch (call.kind) {
    case 'none':
      return null
    case 'erc20-transfer':
      return (
        <div data-testid="dock-call">
          <p>
            Send <strong>{tokenAmount(call.token, call.amount)}</strong> to{' '}
            <code className="mono break">{call.to}</code>
          </p>
          <TokenNote token={call.token} />
        </div>
      )
    case 'erc20-transferFrom':
      return (
        <div data-testid="dock-call">
          <p>
            Move <strong>{tokenAmount(call.token, call.amount)}</strong> from{' '}
            <code className="mono break">{call.from}</code> to <code className="mono break">{call.to}</code>
          </p>
          <TokenNote token={call.token} />
        </div>
      )
    case 'erc20-approve':
      return (
        <div data-testid="dock-call">
          <p>
            Allow <code className="mono break">{call.spender}</code> to spend{' '}
            <strong>
              {call.unlimited
                ? `any amount of your ${call.token.symbol ?? 'tokens of this contract'}`
                : `up to ${tokenAmount(call.token, call.amount)}`}
            </strong>{' '}
            from your account
          </p>
          {call.unlimited && (
            <p role="alert" className="alert alert--error" data-testid="dock-unlimited-approval">
              Unlimited approval: {call.spender} could take all your{' '}
              {call.token.symbol ?? 'tokens of this contract'}, now and at any time later, until you revoke
              the approval. Approve only an amount you mean to spend unless you trust that contract
              completely.
            </p>
          )}
          <TokenNote token={call.token} />
        </div>
      )
    case 'contract-call':
      return (
        <div data-testid="dock-call">
          <p>
            Call <code className="mono">{call.functionName}</code> on {call.contract.symbol ?? 'the token'}{' '}
            <code className="mono break">{call.contract.address}</code>
          </p>
          <ul className="dock-args">
            {call.args.map((a) => (
              <li key={a.name}>
                {a.name} ({a.type}): <code className="mono break">{a.value}</code>
              </li>
            ))}
          </ul>
        </div>
      )
    case 'unknown-call':
      return (
        <p role="alert" className="alert alert--error" data-testid="dock-call">
          Unknown contract call (function selector <code className="mono">{call.selector}</code>): the wallet
          cannot tell what it does. Approve only if you trust {appName} and this contract.
        </p>
      )
  }
}

/**
 * The review of an app's `eth_sendTransaction`: what it sends and calls (decoded), the simulated
 * balance changes or the revert, the fee; "Approve" signs exactly the transaction shown with the
 * unlocked vault and broadcasts it through the proxy; the app gets the hash.
 */
export function EvmTransactionApproval({ request, settle, armed }: ApprovalBodyProps<TransactionRequest>) {
  const { vault } = useSession()
  const { app, network, tx } = request
  const id = useId()
  const [review, setReview] = useState<EvmTransactionReview | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const [acknowledged, setAcknowledged] = useState(false)

  useEffect(() => {
    let live = true
    prepareEvmReview({
      request: proxyEvmRequest(network.id),
      chainId: network.chainId!,
      tx,
      tokens: network.tokens,
    }).then(
      (r) => live && setReview(r),
      (error) => live && setFailed(describeError(error)),
    )
    return () => {
      live = false
    }
  }, [network, tx])

  const send = useAction(async () => {
    if (!vault || !review) return
    settle({ result: await sendReviewedTransaction({ vault, review, request: proxyEvmRequest(network.id) }) })
  })

  const native = (value: bigint, signed = false) =>
    formatEvmAmount(value, network.nativeDecimals, network.nativeSymbol, { signed })
  const sim = review?.simulation
  const mustAcknowledge = sim?.kind === 'would-fail'
  const canSign = !!vault && !!review?.unsigned && (!mustAcknowledge || acknowledged)

  return (
    <div className="review" aria-busy={!review && !failed}>
      <dl className="review__list">
        <div>
          <dt>Network</dt>
          <dd>
            {network.name}
            {network.testnet && <span className="pill pill--dev">test network</span>}
          </dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>
            <code className="mono break">{tx.from}</code>
          </dd>
        </div>
        <div>
          <dt>{tx.data ? 'Contract' : 'To'}</dt>
          <dd>
            <code className="mono break" data-testid="dock-tx-to">
              {tx.to}
            </code>
          </dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd data-testid="dock-tx-value">{native(tx.value)}</dd>
        </div>
        {review?.maxFee != null && (
          <div>
            <dt>Network fee (at most)</dt>
            <dd data-testid="dock-tx-fee">{native(review.maxFee)}</dd>
          </div>
        )}
      </dl>
      {!review && !failed && (
        <p role="status" className="status">
          <Spinner label="Decoding and simulating the transaction…" />
        </p>
      )}
      {failed && (
        <p role="alert" className="alert alert--error">
          The wallet could not check this transaction: {failed}
        </p>
      )}
      {review && <CallSummary call={review.call} appName={app.name} />}
      {sim?.kind === 'simulated' && (
        <section aria-label="Balance changes">
          <h3>Balance changes</h3>
          {sim.changes.length === 0 ? (
            <p className="muted">None to your balances, besides the network fee.</p>
          ) : (
            <ul className="dock-changes" data-testid="dock-balance-changes">
              {sim.changes.map((c) => (
                <li
                  key={c.token?.address ?? 'native'}
                  className={c.delta < 0n ? 'dock-changes__out' : 'dock-changes__in'}
                >
                  {c.token
                    ? formatEvmAmount(c.delta, c.token.decimals, c.token.symbol, { signed: true })
                    : native(c.delta, true)}
                </li>
              ))}
            </ul>
          )}
          <p className="small muted">Simulated on the latest block; the network fee comes on top.</p>
        </section>
      )}
      {sim?.kind === 'call-only' && (
        <p className="hint">
          Balance changes are not available: this network's node does not simulate transactions. A trial call
          did not revert.
        </p>
      )}
      {sim?.kind === 'would-fail' && (
        <>
          <p role="alert" className="alert alert--error" data-testid="dock-revert">
            This transaction would fail: {sim.reason}
          </p>
          <label className="dock-acknowledge">
            <input
              id={`${id}-ack`}
              type="checkbox"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked)}
            />{' '}
            I understand it would fail and still cost the network fee; sign it anyway.
          </label>
        </>
      )}
      {review && !review.unsigned && (
        <p role="alert" className="alert alert--error">
          The wallet could not work out a gas limit for this transaction, so it cannot be signed.
        </p>
      )}
      <VaultGate />
      {send.error && (
        <p role="alert" className="alert alert--error">
          {send.error}
        </p>
      )}
      <div className="actions">
        <RejectButton settle={settle} disabled={send.busy} />
        <button
          type="button"
          className="button button--primary"
          disabled={!armed || !canSign || send.busy}
          onClick={() => void send.run()}
        >
          {send.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Approve
        </button>
      </div>
    </div>
  )
}
