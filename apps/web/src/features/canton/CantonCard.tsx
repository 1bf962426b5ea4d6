import type { CantonInstruction, CantonInstructionAction } from '@stratos/schemas'
import { useState } from 'react'
import { api } from '../../lib/api'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { CantonFaucetButton } from './CantonFaucetButton'
import { CantonHistory } from './CantonHistory'
import { formatAmount } from './formatAmount'
import { InstructionList } from './InstructionList'
import { useCantonHoldings, useCantonInstructions, useCantonStatus } from './queries'
import { ReviewPanel } from './ReviewPanel'
import { SendForm } from './SendForm'
import { useCantonOnboarding } from './useCantonOnboarding'
import { useCantonSigning } from './useCantonSigning'

const STEP_TEXT = {
  topology: 'Setting up your Canton party: asking the participant…',
  verifying: 'Setting up your Canton party: checking it onboards only your key…',
  signing: 'Setting up your Canton party: signing with your key…',
  allocating: 'Setting up your Canton party: allocating…',
} as const

/**
 * The user's Canton party: onboarding (automatic once unlocked), token balance, test tokens in
 * dev mode, send, pending transfers and the party's history. Every action is prepared by the server, verified and
 * shown by the browser, and signed by the user's key only after "Confirm and sign".
 */
export function CantonCard() {
  const status = useCantonStatus()
  const onboarding = useCantonOnboarding()
  const { config, vault } = useSession()
  const partyId = status.data?.partyId ?? null
  const instrument = status.data?.instrument ?? null

  if (!status.data?.configured) {
    if (!status.error) return null
    return (
      <section className="card canton-card">
        <h2>Canton</h2>
        <p role="alert" className="alert alert--error">
          {describeError(status.error)}
        </p>
      </section>
    )
  }

  return (
    <section className="card canton-card" data-testid="canton-card">
      <header className="card__header">
        <div>
          <h2>Canton</h2>
          <p className="muted">
            Token standard{instrument ? ` · ${instrument.id}` : ''}
            {config.devMode && <span className="pill pill--dev">test network</span>}
          </p>
        </div>
      </header>
      {onboarding.state.phase === 'running' && (
        <p role="status" className="status">
          <Spinner label={STEP_TEXT[onboarding.state.step]} />
        </p>
      )}
      {onboarding.state.phase === 'failed' && (
        <div role="alert" className="alert alert--error">
          <span>Your Canton party could not be set up: {onboarding.state.error}</span>{' '}
          <button type="button" className="button button--ghost button--small" onClick={onboarding.retry}>
            Try again
          </button>
        </div>
      )}
      {partyId ? (
        <PartyPanel partyId={partyId} instrument={instrument} unlocked={vault !== null} />
      ) : (
        onboarding.state.phase === 'idle' && (
          <p className="muted">
            {vault
              ? 'Your Canton party is not set up yet.'
              : 'Unlock your wallet to set up your Canton party.'}
          </p>
        )
      )}
    </section>
  )
}

function PartyPanel({
  partyId,
  instrument,
  unlocked,
}: {
  partyId: string
  instrument: { admin: string; id: string } | null
  unlocked: boolean
}) {
  const { config } = useSession()
  const holdings = useCantonHoldings(true)
  const instructions = useCantonInstructions(true)
  const signing = useCantonSigning(partyId)
  const [sending, setSending] = useState(false)
  const [showHistory, setShowHistory] = useState(false)
  const busy = signing.state.phase !== 'idle' && signing.state.phase !== 'done'

  const total = instrument
    ? holdings.data?.totals.find(
        (t) => t.instrumentId.admin === instrument.admin && t.instrumentId.id === instrument.id,
      )
    : undefined

  function onAction(instruction: CantonInstruction, action: CantonInstructionAction) {
    setSending(false)
    void signing.start({ kind: 'instruction', action, instruction }, () =>
      api.canton.prepareInstruction(instruction.contractId, action),
    )
  }

  return (
    <>
      {instrument && (
        <p className="balance">
          <span className="balance__label">Balance</span>
          <span className="balance__amount">
            <span data-testid="canton-balance">
              {holdings.data ? formatAmount(total?.unlocked ?? '0') : '…'}
            </span>{' '}
            <span className="balance__symbol">{instrument.id}</span>
          </span>
          {total && total.locked !== '0' && (
            <span className="muted small">
              {' '}
              (<span data-testid="canton-locked">{formatAmount(total.locked)}</span> locked in pending
              transfers)
            </span>
          )}
        </p>
      )}
      {(holdings.error || instructions.error) && (
        <p role="alert" className="alert alert--error">
          {describeError(holdings.error ?? instructions.error)}
        </p>
      )}
      <div className="actions">
        {instrument && (
          <button
            type="button"
            className="button button--primary"
            aria-expanded={sending}
            onClick={() => {
              signing.reset()
              setSending((v) => !v)
            }}
            disabled={!unlocked || busy}
          >
            Send
          </button>
        )}
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={showHistory}
          onClick={() => setShowHistory((v) => !v)}
        >
          History
        </button>
        {config.devMode && instrument && <CantonFaucetButton />}
      </div>
      {!unlocked && <p className="hint">Sending, accepting and rejecting need the wallet unlocked.</p>}
      {sending && instrument && signing.state.phase === 'idle' && (
        <SendForm signing={signing} instrument={instrument} onCancel={() => setSending(false)} />
      )}
      <ReviewPanel
        signing={{
          ...signing,
          reset: () => {
            setSending(false)
            signing.reset()
          },
        }}
      />
      <InstructionList
        title="Incoming transfers"
        direction="incoming"
        instructions={instructions.data?.incoming ?? []}
        disabled={!unlocked || busy}
        onAction={onAction}
      />
      <InstructionList
        title="Your pending transfers"
        direction="outgoing"
        instructions={instructions.data?.outgoing ?? []}
        disabled={!unlocked || busy}
        onAction={onAction}
      />
      {showHistory && <CantonHistory />}
    </>
  )
}
