import type { DefiAction, DefiVault } from '@stratos/schemas'
import { bytesToHex } from 'viem'
import { PreparedSigningPanel } from '../canton'
import { ACTION_LABELS, describeRequest } from './describeDefi'
import type { DefiSigning } from './useDefiSigning'

const REVIEW_TITLES: Record<DefiAction, string> = {
  'aaveV3.supply': 'Review: supply to Aave v3',
  'aaveV3.withdraw': 'Review: withdraw from Aave v3',
  'uniswapV3.swapExactInputSingle': 'Review: swap on Uniswap v3',
  'compoundV2.supply': 'Review: supply to Compound',
  'compoundV2.redeem': 'Review: redeem from Compound',
}

/**
 * What the browser verified, for the person to confirm before their key signs it: the action and
 * amounts (the intent's call data is the browser's own encoding of them), the vault, chain,
 * adapter, deadline and who else sees the intent (the relayer operator, and the regulator when
 * there is one) decoded from the prepared transaction, and the hash it recomputed.
 */
export function DefiReviewPanel({ signing, vault }: { signing: DefiSigning; vault: DefiVault }) {
  return (
    <PreparedSigningPanel
      signing={signing}
      preparingLabel="Preparing and checking the intent…"
      done={(state) => (
        <>
          <strong>Submitted: the relayer will execute it on chain {vault.chainId}.</strong>
          <br />
          Intent id:{' '}
          <code className="mono break" data-testid="defi-intent-id">
            {state.reviewed.intent.intentId}
          </code>
        </>
      )}
      title={(reviewed) => REVIEW_TITLES[reviewed.request.action]}
      details={({ intent, request }) => (
        <>
          <div>
            <dt>Action</dt>
            <dd data-testid="defi-review-action">{ACTION_LABELS[request.action]}</dd>
          </div>
          {describeRequest(request).map((line) => (
            <div key={line.label} className="review__total">
              <dt>{line.label}</dt>
              <dd data-testid="defi-review-amount">{line.value}</dd>
            </div>
          ))}
          <div>
            <dt>Vault</dt>
            <dd>
              <code className="mono break" data-testid="defi-review-vault">
                {intent.vault}
              </code>
            </dd>
          </div>
          <div>
            <dt>Chain</dt>
            <dd data-testid="defi-review-chain">{intent.chainId}</dd>
          </div>
          <div>
            <dt>Adapter</dt>
            <dd>
              <code className="mono break">{intent.adapter}</code>
            </dd>
          </div>
          <div>
            <dt>Deadline</dt>
            <dd>
              <time dateTime={intent.deadline}>{new Date(intent.deadline).toLocaleString()}</time>
            </dd>
          </div>
          <div>
            <dt>Also seen by</dt>
            <dd data-testid="defi-review-observers">
              {intent.observers.map((party) => (
                <span key={party} className="defi-review__observer">
                  {party === intent.regulator ? 'Regulator' : 'Relayer operator'}{' '}
                  <code className="mono break small" title={party}>
                    {party}
                  </code>
                </span>
              ))}
            </dd>
          </div>
          <div>
            <dt>Intent id</dt>
            <dd>
              <code className="mono break small">{intent.intentId}</code>
            </dd>
          </div>
        </>
      )}
      hint={() =>
        'Your browser decoded this intent, encoded the call itself from what you asked and recomputed the hash: this is exactly what you sign. The relayer can only run it on this vault, before the deadline, once.'
      }
      // The hash as EVM tools write it (0x-prefixed), as this review always showed it.
      formatHash={bytesToHex}
    />
  )
}
