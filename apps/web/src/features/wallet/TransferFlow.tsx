import {
  type Balances,
  formatAmount,
  type PreparedTransfer,
  parseAmount,
  type TokenRef,
} from '@stratos/chains'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { TextField } from '../../lib/ui/TextField'
import { chainAdapterFor } from './chainAdapter'
import { explorerLink, type WalletNetwork } from './network'
import { type TransferErrors, transferErrors } from './transferErrors'
import { waitForConfirmation } from './waitForConfirmation'

type Step =
  | { kind: 'form' }
  | { kind: 'review'; prepared: PreparedTransfer }
  | { kind: 'sending'; prepared: PreparedTransfer; phase: 'signing' | 'confirming'; txId?: string }
  | {
      kind: 'done'
      prepared: PreparedTransfer
      txId: string
      state: 'confirmed' | 'failed' | 'pending'
      error?: string
    }

export interface TransferFlowProps {
  network: WalletNetwork
  /** The account's address on `network` (it signs and pays). */
  from: string
  balances: Balances | undefined
  /** Called once a transfer was broadcast, and again when it settles. */
  onSent(txId: string): void
  onClose(): void
}

/** Native coin first, then the network's tokens; `''` is the native coin. */
function assetOf(network: WalletNetwork, key: string): TokenRef | undefined {
  return network.tokens.find((t) => t.address === key)
}

/** Decimals to show of an asset: all of them up to 8, so dust never reads as zero. */
function show(value: bigint, decimals: number) {
  return formatAmount({ value, decimals, maxFractionDigits: Math.min(decimals, 8) })
}

/**
 * Send on any network: form -> review (recipient, amount, fee and what the network charges it for,
 * notes) -> sign in the browser with the unlocked vault -> broadcast -> wait until confirmed. What
 * the review shows is what the adapter built and what gets signed.
 */
export function TransferFlow({ network, from, balances, onSent, onClose }: TransferFlowProps) {
  const { vault } = useSession()
  const id = useId()
  const [assetKey, setAssetKey] = useState('')
  const [to, setTo] = useState('')
  const [amount, setAmount] = useState('')
  const [errors, setErrors] = useState<TransferErrors>({})
  const [step, setStep] = useState<Step>({ kind: 'form' })
  const [preparing, setPreparing] = useState(false)
  const closed = useRef(new AbortController())
  useEffect(() => () => closed.current.abort(), [])

  const token = assetOf(network, assetKey)
  const symbol = token?.symbol ?? network.nativeSymbol
  const decimals = token?.decimals ?? network.nativeDecimals
  const available = token ? balances?.tokens.find((b) => b.token === token.address)?.amount : balances?.native

  async function onReview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const next: TransferErrors = {}
    if (to.trim() === '') next.to = 'Enter the recipient address.'
    let value: bigint | undefined
    try {
      value = parseAmount({ amount, decimals })
      if (value === 0n) next.amount = 'The amount must be more than zero.'
      else if (available !== undefined && value > available)
        next.amount = `That is more than you have: ${show(available, decimals)} ${symbol}.`
    } catch (err) {
      next.amount = transferErrors(err).amount ?? describeError(err)
    }
    setErrors(next)
    if (next.to || next.amount || value === undefined) return
    setPreparing(true)
    try {
      const adapter = await chainAdapterFor(network)
      const prepared = await adapter.prepareTransfer({
        from,
        to: to.trim(),
        amount: value,
        ...(token ? { token } : {}),
      })
      setStep({ kind: 'review', prepared })
    } catch (err) {
      setErrors(transferErrors(err))
    } finally {
      setPreparing(false)
    }
  }

  async function onConfirm(prepared: PreparedTransfer) {
    setErrors({})
    if (!vault)
      return setErrors({ form: 'The wallet locked itself. Unlock it, then review the transfer again.' })
    setStep({ kind: 'sending', prepared, phase: 'signing' })
    let txId: string | undefined
    try {
      const adapter = await chainAdapterFor(network)
      const signed = adapter.signTransfer(vault, prepared)
      txId = (await adapter.broadcast(signed)).txId
      onSent(txId)
      setStep({ kind: 'sending', prepared, phase: 'confirming', txId })
      const status = await waitForConfirmation(adapter, txId, closed.current.signal)
      onSent(txId)
      setStep({
        kind: 'done',
        prepared,
        txId,
        state: status.state,
        ...(status.error ? { error: status.error } : {}),
      })
    } catch (err) {
      // Not broadcast: back to the review, nothing happened. Broadcast: it may still land; the
      // history shows it.
      setErrors(transferErrors(err))
      setStep(txId ? { kind: 'form' } : { kind: 'review', prepared })
    }
  }

  if (!vault && (step.kind === 'form' || step.kind === 'review')) {
    return (
      <div className="panel">
        <p className="muted">The wallet is locked. Unlock it with your passkey to send.</p>
      </div>
    )
  }

  if (step.kind === 'form') {
    return (
      <form className="panel form" onSubmit={onReview} noValidate aria-busy={preparing}>
        <h3>Send on {network.name}</h3>
        {network.tokens.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-asset`}>Asset</label>
            <select
              id={`${id}-asset`}
              value={assetKey}
              onChange={(e) => setAssetKey(e.target.value)}
              disabled={preparing}
            >
              <option value="">{network.nativeSymbol}</option>
              {network.tokens.map((t) => (
                <option key={t.address} value={t.address}>
                  {t.symbol}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          id={`${id}-to`}
          label="Recipient address"
          className="mono"
          value={to}
          onChange={setTo}
          spellCheck={false}
          error={errors.to}
          disabled={preparing}
        />
        <TextField
          id={`${id}-amount`}
          label={`Amount (${symbol})`}
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          placeholder="0.0"
          hint={
            <>
              Available: {available === undefined ? '…' : `${show(available, decimals)} ${symbol}`}. The
              network fee is paid in {network.nativeSymbol}, on top.
            </>
          }
          error={errors.amount}
          disabled={preparing}
        />
        {errors.form && (
          <p role="alert" className="alert alert--error">
            {errors.form}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button button--ghost" onClick={onClose} disabled={preparing}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={preparing}>
            {preparing && <span className="spinner spinner--inline" aria-hidden="true" />}
            Review
          </button>
        </div>
        {preparing && (
          <p role="status" className="status">
            <Spinner label="Checking the transfer and estimating the network fee…" />
          </p>
        )}
      </form>
    )
  }

  const { prepared } = step
  const sentToken = prepared.request.token
  const sentSymbol = sentToken?.symbol ?? network.nativeSymbol
  const sentAmount = `${show(prepared.request.amount, sentToken?.decimals ?? network.nativeDecimals)} ${sentSymbol}`
  const fee = `${show(prepared.fee.fee, network.nativeDecimals)} ${network.nativeSymbol}`

  if (step.kind === 'done') {
    const link = explorerLink(network.explorerTxUrl, step.txId, 'tx')
    const txLine = (
      <>
        Transaction: <code className="mono break">{step.txId}</code>
        {link && (
          <>
            {' '}
            <a href={link} target="_blank" rel="noreferrer noopener">
              View in explorer
            </a>
          </>
        )}
      </>
    )
    return (
      <div className="panel">
        {step.state === 'failed' ? (
          <div role="alert" className="alert alert--error">
            <strong>The network did not carry out the transfer.</strong> {step.error}
            <br />
            {txLine}
          </div>
        ) : (
          <div role="status" className="alert alert--success" data-testid="transfer-outcome">
            <strong>{step.state === 'confirmed' ? 'Sent' : 'Sent, still pending'}</strong> {sentAmount} to{' '}
            <code className="mono break">{prepared.request.to}</code>.
            {step.state === 'pending' &&
              ' It shows in your history as pending until the network confirms it.'}
            <br />
            {txLine}
          </div>
        )}
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setTo('')
              setAmount('')
              setStep({ kind: 'form' })
            }}
          >
            New transfer
          </button>
          <button type="button" className="button button--primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    )
  }

  const sending = step.kind === 'sending'
  return (
    <div className="panel review" aria-busy={sending}>
      <h3>Review transfer</h3>
      <dl className="review__list">
        <div>
          <dt>From</dt>
          <dd>
            <code className="mono break">{prepared.request.from}</code>
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>
            <code className="mono break" data-testid="review-to">
              {prepared.request.to}
            </code>
          </dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd data-testid="review-amount">{sentAmount}</dd>
        </div>
        <div>
          <dt>Network fee (at most)</dt>
          <dd data-testid="review-fee">{fee}</dd>
        </div>
        {prepared.fee.details.map((d) => (
          <div key={d.label} className="review__detail">
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
        <div>
          <dt>Network</dt>
          <dd>
            {network.name}
            {network.testnet && <span className="pill pill--dev">test network</span>}
          </dd>
        </div>
      </dl>
      {prepared.notes.length > 0 && (
        <ul className="review__notes">
          {prepared.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <p className="hint">Confirming signs this exact transfer in your browser; your keys never leave it.</p>
      {errors.form && (
        <p role="alert" className="alert alert--error">
          {errors.form}
        </p>
      )}
      {(errors.amount || errors.to) && (
        <p role="alert" className="alert alert--error">
          {errors.amount ?? errors.to}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            setErrors({})
            setStep({ kind: 'form' })
          }}
          disabled={sending}
        >
          Back
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => onConfirm(prepared)}
          disabled={sending}
        >
          {sending && <span className="spinner spinner--inline" aria-hidden="true" />}
          Confirm and send
        </button>
      </div>
      {sending && (
        <p role="status" className="status">
          <Spinner
            label={
              step.phase === 'signing'
                ? 'Signing and broadcasting…'
                : 'Sent to the network, waiting for confirmation…'
            }
          />
        </p>
      )}
    </div>
  )
}
