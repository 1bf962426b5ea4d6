import {
  broadcastTransaction,
  ChainsError,
  type PrepareNativeTransferReturnType,
  prepareNativeTransfer,
  waitForTransaction,
} from '@stratos/chains'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import type { Address, Hash } from 'viem'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { TextField } from '../../lib/ui/TextField'
import { formatNative } from './formatNative'
import { evmBalanceKey } from './useEvmBalance'
import { useEvmClient } from './useEvmClient'
import { validateSendForm } from './validateSendForm'

type Step =
  | { kind: 'form' }
  | { kind: 'review'; prepared: PrepareNativeTransferReturnType }
  | {
      kind: 'sending'
      prepared: PrepareNativeTransferReturnType
      phase: 'signing' | 'confirming'
      hash?: Hash
    }
  | { kind: 'sent'; prepared: PrepareNativeTransferReturnType; hash: Hash; fee: bigint }

export interface SendFlowProps {
  /** The wallet's own EVM address (account 0). */
  from: Address
  balance: bigint | undefined
  onClose(): void
}

/**
 * Send native coin: form -> review (recipient, amount, fee, total) -> sign in the browser ->
 * broadcast -> wait for the receipt. What the review shows is exactly what gets signed.
 */
export function SendFlow({ from, balance, onClose }: SendFlowProps) {
  const { config, vault } = useSession()
  const evmClient = useEvmClient()
  const queryClient = useQueryClient()
  const symbol = config.evm.symbol
  const id = useId()
  const [to, setTo] = useState('')
  const [amount, setAmount] = useState('')
  const [fieldErrors, setFieldErrors] = useState<{ to?: string; amount?: string }>({})
  const [step, setStep] = useState<Step>({ kind: 'form' })
  const [preparing, setPreparing] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const refreshBalance = () =>
    queryClient.invalidateQueries({ queryKey: evmBalanceKey(config.evm.chainId, from) })

  async function onReview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setError(null)
    const checked = validateSendForm({ to, amount, balance, symbol })
    if (!checked.ok) return setFieldErrors(checked.errors)
    setFieldErrors({})
    setPreparing(true)
    try {
      const prepared = await prepareNativeTransfer(evmClient, { from, to: checked.to, value: checked.value })
      setStep({ kind: 'review', prepared })
    } catch (err) {
      if (err instanceof ChainsError && err.code === 'INSUFFICIENT_FUNDS')
        setFieldErrors({ amount: err.shortMessage })
      else if (err instanceof ChainsError && err.code === 'INVALID_ADDRESS')
        setFieldErrors({ to: err.shortMessage })
      else setError(describeError(err))
    } finally {
      setPreparing(false)
    }
  }

  async function onConfirm(prepared: PrepareNativeTransferReturnType) {
    setError(null)
    if (!vault) return setError('The wallet locked itself. Unlock it, then review the transfer again.')
    setStep({ kind: 'sending', prepared, phase: 'signing' })
    let hash: Hash | undefined
    try {
      const serializedTransaction = vault.signEvmTransaction(prepared.transaction, 0)
      hash = await broadcastTransaction(evmClient, { serializedTransaction })
      setStep({ kind: 'sending', prepared, phase: 'confirming', hash })
      const { fee } = await waitForTransaction(evmClient, { hash })
      await refreshBalance()
      setStep({ kind: 'sent', prepared, hash, fee })
    } catch (err) {
      setError(describeError(err))
      // Not broadcast: back to the review, nothing happened. Broadcast: the transfer may still land.
      if (hash) void refreshBalance()
      setStep(hash ? { kind: 'form' } : { kind: 'review', prepared })
    }
  }

  // Locked (by hand or by inactivity) before signing: nothing to review or confirm without keys.
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
        <h3>Send {symbol}</h3>
        <TextField
          id={`${id}-to`}
          label="Recipient address"
          className="mono"
          value={to}
          onChange={setTo}
          placeholder="0x…"
          spellCheck={false}
          error={fieldErrors.to}
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
              Available: {balance === undefined ? '…' : `${formatNative(balance)} ${symbol}`}. The network fee
              comes on top.
            </>
          }
          error={fieldErrors.amount}
          disabled={preparing}
        />
        {error && (
          <p role="alert" className="alert alert--error">
            {error}
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
            <Spinner label="Estimating the network fee…" />
          </p>
        )}
      </form>
    )
  }

  const { prepared } = step
  const { transaction } = prepared

  if (step.kind === 'sent') {
    return (
      <div className="panel">
        <div role="status" className="alert alert--success">
          <strong>Sent</strong> {formatNative(transaction.value, 18)} {symbol} to{' '}
          <code className="mono break">{transaction.to}</code>. Network fee paid: {formatNative(step.fee, 9)}{' '}
          {symbol}.
          <br />
          Transaction hash: <code className="mono break">{step.hash}</code>
        </div>
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
          <dt>To</dt>
          <dd>
            <code className="mono break">{transaction.to}</code>
          </dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>
            {formatNative(transaction.value, 18)} {symbol}
          </dd>
        </div>
        <div>
          <dt>Network fee (at most)</dt>
          <dd>
            {formatNative(prepared.fee, 9)} {symbol}
          </dd>
        </div>
        <div className="review__total">
          <dt>Total (at most)</dt>
          <dd>
            {formatNative(prepared.total, 18)} {symbol}
          </dd>
        </div>
        <div>
          <dt>Network</dt>
          <dd>
            {config.evm.name} (chain id {transaction.chainId})
          </dd>
        </div>
      </dl>
      <p className="hint">
        The fee is an estimate of the most this transfer can cost; the network usually charges less.
        Confirming signs this exact transaction in your browser.
      </p>
      {error && (
        <p role="alert" className="alert alert--error">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            setError(null)
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
