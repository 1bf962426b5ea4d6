import { Link } from '../../lib/router'
import { useSession } from '../../lib/session'
import { Brand } from '../../lib/ui/Brand'
import { Spinner } from '../../lib/ui/Spinner'
import { SupportContact } from '../../lib/ui/SupportContact'
import { CreateAccountForm } from './CreateAccountForm'
import { useSignIn } from './useSignIn'

const CHAIN_NAMES = ['Ethereum & EVM', 'Solana', 'Bitcoin', 'TRON', 'TON', 'Canton']

/** `/`: create a wallet with a new passkey, or sign in with an existing one. */
export function WelcomePage() {
  const { config } = useSession()
  const signIn = useSignIn()

  return (
    <main className="page page--welcome">
      <header className="hero">
        <Brand />
        <h1>A wallet that opens with your passkey</h1>
        <p className="lead">
          Your keys are derived in this browser from your passkey and never leave it. No passwords, no seed
          phrase to write down.
        </p>
      </header>

      <div className="welcome-grid">
        <section className="card">
          <h2>New here?</h2>
          <p className="muted">Create a passkey and your wallet in one step.</p>
          <CreateAccountForm onStart={signIn.reset} />
        </section>

        <section className="card">
          <h2>Already have a wallet?</h2>
          <p className="muted">Use the passkey you created it with, on this device or a nearby phone.</p>
          <button
            type="button"
            className="button button--secondary button--block"
            onClick={() => void signIn.run()}
            disabled={signIn.busy}
          >
            {signIn.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            Sign in
          </button>
          {signIn.busy && (
            <p role="status" className="status">
              <Spinner label="Waiting for your passkey…" />
            </p>
          )}
          {signIn.error && (
            <>
              <p role="alert" className="alert alert--error">
                {signIn.error}
              </p>
              <SupportContact lead="Still can't sign in? Ask for help:" />
            </>
          )}
          <p className="muted small">
            Lost every passkey? <Link to="/recover">Recover my wallet</Link> with your guardians.
          </p>
        </section>
      </div>

      {config.needsAdmin && (
        <aside className="callout" aria-label="Setup">
          This instance has no administrator yet. The first administrator joins through the one-time
          enrollment link printed when the server started.
        </aside>
      )}

      <ul className="chain-strip">
        {CHAIN_NAMES.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>

      {config.operatorSignIn && (
        <p className="operator-sign-in">
          {/* A full navigation: the API redirects to the company's identity provider. */}
          <a href="/api/auth/oidc/start" className="muted">
            Operator sign-in
          </a>
        </p>
      )}

      {(config.brand.supportEmail || config.brand.supportUrl) && (
        <footer className="welcome-footer">
          <SupportContact lead={`Questions about ${config.brand.name}? Contact support:`} />
        </footer>
      )}
    </main>
  )
}
