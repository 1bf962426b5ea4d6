import { CTOKEN_DECIMALS } from '@stratos/contracts'
import { type DefiAction, DefiAmount, type DefiIntentRequest, type DefiVault } from '@stratos/schemas'
import { type FormEvent, useId, useState } from 'react'
import { api } from '../../lib/api'
import { describeError } from '../../lib/describeError'
import { TextField } from '../../lib/ui/TextField'
import { ACTION_LABELS } from './describeDefi'
import { SelectField } from './SelectField'
import { toBaseUnits } from './toAdapterCall'
import type { DefiSigning } from './useDefiSigning'

export interface DefiActionFormProps {
  signing: DefiSigning
  vault: DefiVault
  onCancel(): void
}

/** A message per field; a field without an error holds undefined (what `amountError` returns then). */
type Errors = Partial<Record<'amount' | 'amountIn' | 'amountOutMinimum' | 'tokens', string | undefined>>

/** The actions this vault can run: Compound needs a cToken, a swap two tokens. */
function availableActions(vault: DefiVault): DefiAction[] {
  const actions: DefiAction[] = ['aaveV3.supply', 'aaveV3.withdraw']
  if (vault.assets.length >= 2) actions.push('uniswapV3.swapExactInputSingle')
  if (vault.cToken) actions.push('compoundV2.supply', 'compoundV2.redeem')
  return actions
}

/**
 * An amount checked as the API will check it (a decimal > 0) and against the token's decimals;
 * the error names the field as the label does.
 */
function amountError(label: string, value: string, decimals: number, symbol: string): string | undefined {
  const parsed = DefiAmount.safeParse(value)
  if (!parsed.success) return `${label}: ${parsed.error.issues[0]?.message ?? 'invalid'}`
  try {
    toBaseUnits(value, decimals, symbol)
  } catch (error) {
    return `${label}: ${describeError(error)}`
  }
  return undefined
}

/**
 * What the user asks the vault to do: an action, its tokens (from the vault's assets) and amounts.
 * The server prepares the intent; the browser verifies it against this request before the review.
 */
export function DefiActionForm({ signing, vault, onCancel }: DefiActionFormProps) {
  const id = useId()
  const actions = availableActions(vault)
  const symbols = vault.assets.map((a) => a.symbol)
  const [action, setAction] = useState<DefiAction>('aaveV3.supply')
  const [asset, setAsset] = useState(symbols[0] ?? '')
  const [tokenIn, setTokenIn] = useState(symbols[0] ?? '')
  const [tokenOut, setTokenOut] = useState(symbols[1] ?? symbols[0] ?? '')
  const [amount, setAmount] = useState('')
  const [amountIn, setAmountIn] = useState('')
  const [amountOutMinimum, setAmountOutMinimum] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const busy = signing.state.phase === 'preparing'
  const tokenOptions = vault.assets.map((a) => ({
    value: a.symbol,
    label: `${a.symbol} (balance ${a.balance})`,
  }))
  const decimalsOf = (symbol: string) => vault.assets.find((a) => a.symbol === symbol)?.decimals ?? 0

  /** The request, or null with `errors` set. */
  function validate(): DefiIntentRequest | null {
    const next: Errors = {}
    let request: DefiIntentRequest | null = null
    const a = amount.trim()
    switch (action) {
      case 'aaveV3.supply':
      case 'aaveV3.withdraw':
      case 'compoundV2.supply':
        next.amount = amountError('Amount', a, decimalsOf(asset), asset)
        request = { action, asset, amount: a }
        break
      case 'compoundV2.redeem':
        next.amount = amountError('Amount', a, CTOKEN_DECIMALS, 'The cToken')
        request = { action, amount: a }
        break
      case 'uniswapV3.swapExactInputSingle': {
        const input = amountIn.trim()
        const minimum = amountOutMinimum.trim()
        if (tokenIn === tokenOut) next.tokens = 'Choose two different tokens to swap.'
        next.amountIn = amountError('Amount in', input, decimalsOf(tokenIn), tokenIn)
        next.amountOutMinimum = amountError('Minimum received', minimum, decimalsOf(tokenOut), tokenOut)
        request = { action, tokenIn, tokenOut, amountIn: input, amountOutMinimum: minimum }
        break
      }
    }
    setErrors(next)
    return Object.values(next).some(Boolean) ? null : request
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const request = validate()
    if (!request) return
    void signing.start(request, () => api.defi.prepareIntent(request))
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-busy={busy} aria-label="New DeFi action">
      <h3>New DeFi action</h3>
      <SelectField
        id={`${id}-action`}
        label="Action"
        value={action}
        onChange={(value) => {
          setAction(value as DefiAction)
          setErrors({})
        }}
        options={actions.map((value) => ({ value, label: ACTION_LABELS[value] }))}
        disabled={busy}
      />
      {(action === 'aaveV3.supply' || action === 'aaveV3.withdraw' || action === 'compoundV2.supply') && (
        <>
          <SelectField
            id={`${id}-asset`}
            label="Token"
            value={asset}
            onChange={setAsset}
            options={tokenOptions}
            disabled={busy}
          />
          <TextField
            id={`${id}-amount`}
            label={`Amount (${asset})`}
            inputMode="decimal"
            value={amount}
            onChange={setAmount}
            placeholder="0.0"
            hint={
              action === 'aaveV3.withdraw'
                ? `From the vault's Aave position back to the vault, in ${asset}.`
                : `From the vault's ${asset} balance.`
            }
            error={errors.amount}
            disabled={busy}
          />
        </>
      )}
      {action === 'compoundV2.redeem' && (
        <TextField
          id={`${id}-amount`}
          label="Amount (cTokens)"
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          placeholder="0.0"
          hint={`cTokens have ${CTOKEN_DECIMALS} decimals; the underlying tokens return to the vault.`}
          error={errors.amount}
          disabled={busy}
        />
      )}
      {action === 'uniswapV3.swapExactInputSingle' && (
        <>
          <SelectField
            id={`${id}-token-in`}
            label="Token in"
            value={tokenIn}
            onChange={setTokenIn}
            options={tokenOptions}
            disabled={busy}
          />
          <SelectField
            id={`${id}-token-out`}
            label="Token out"
            value={tokenOut}
            onChange={setTokenOut}
            options={tokenOptions}
            error={errors.tokens}
            disabled={busy}
          />
          <TextField
            id={`${id}-amount-in`}
            label={`Amount in (${tokenIn})`}
            inputMode="decimal"
            value={amountIn}
            onChange={setAmountIn}
            placeholder="0.0"
            error={errors.amountIn}
            disabled={busy}
          />
          <TextField
            id={`${id}-amount-out-minimum`}
            label={`Minimum received (${tokenOut})`}
            inputMode="decimal"
            value={amountOutMinimum}
            onChange={setAmountOutMinimum}
            placeholder="0.0"
            hint={`Pool fee ${vault.swapFee / 10_000}%. The swap fails, and nothing moves, if it would return less.`}
            error={errors.amountOutMinimum}
            disabled={busy}
          />
        </>
      )}
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          Review
        </button>
      </div>
    </form>
  )
}
