import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type {
  ApiError,
  ChainAddresses,
  LoginVerifyResponse,
  MeResponse,
  StepUpAction,
  StepUpProof,
  WrappedEntropy,
} from '@stratos/schemas'
import type { CreateOverrides, GetOverrides, SoftAuthenticator } from './softAuthenticator.js'
import type { TestClient, TestResponse } from './testClient.js'

/** A verify answer: the signed-in user on success, `{code, message}` on refusal. */
export type VerifyResponse = TestResponse<MeResponse & Partial<ApiError>>

/** A login verify answer: also carries `unlock` on success. */
export type LoginResponse = TestResponse<LoginVerifyResponse & Partial<ApiError>>

export interface RegisterInput {
  displayName?: string
  enrollToken?: string
  /** The token of an admin's invite link. */
  inviteToken?: string
  addresses: ChainAddresses
  overrides?: CreateOverrides
}

/** Asks for registration options and answers them with the authenticator (no verify yet). */
export async function startRegistration(
  client: TestClient,
  authenticator: SoftAuthenticator,
  input: Omit<RegisterInput, 'addresses'>,
): Promise<{ challengeId: string; response: RegistrationResponseJSON }> {
  const options = await client.post('/api/auth/register/options', {
    displayName: input.displayName ?? 'Test User',
    ...(input.enrollToken ? { enrollToken: input.enrollToken } : {}),
    ...(input.inviteToken ? { inviteToken: input.inviteToken } : {}),
  })
  if (options.status !== 200) throw new Error(`register/options: ${options.status} ${options.text}`)
  const response = await authenticator.register(
    options.body.options as PublicKeyCredentialCreationOptionsJSON,
    input.overrides,
  )
  return { challengeId: options.body.challengeId, response }
}

/** The whole registration ceremony, as the web app runs it. */
export async function register(
  client: TestClient,
  authenticator: SoftAuthenticator,
  input: RegisterInput,
): Promise<VerifyResponse> {
  const { challengeId, response } = await startRegistration(client, authenticator, input)
  return client.post('/api/auth/register/verify', { challengeId, response, addresses: input.addresses })
}

/** Asks for login options and answers them (no verify yet). */
export async function startLogin(
  client: TestClient,
  authenticator: SoftAuthenticator,
  overrides?: GetOverrides,
): Promise<{ challengeId: string; response: AuthenticationResponseJSON }> {
  const options = await client.post('/api/auth/login/options', {})
  if (options.status !== 200) throw new Error(`login/options: ${options.status} ${options.text}`)
  const response = await authenticator.authenticate(
    options.body.options as PublicKeyCredentialRequestOptionsJSON,
    overrides,
  )
  return { challengeId: options.body.challengeId, response }
}

/** The whole sign-in ceremony with a discoverable passkey. */
export async function login(
  client: TestClient,
  authenticator: SoftAuthenticator,
  overrides?: GetOverrides,
): Promise<LoginResponse> {
  const { challengeId, response } = await startLogin(client, authenticator, overrides)
  return client.post('/api/auth/login/verify', { challengeId, response })
}

/**
 * A step-up for `action` on `target`: step-up options, answered by `authenticator` with one of the
 * user's passkeys (as the browser does, among `allowCredentials`). The proof to put in `stepUp`.
 */
export async function stepUp(
  client: TestClient,
  authenticator: SoftAuthenticator,
  scope: { action: StepUpAction; target?: string },
  overrides?: GetOverrides,
): Promise<StepUpProof> {
  const options = await client.post('/api/step-up/options', scope)
  if (options.status !== 200) throw new Error(`step-up/options: ${options.status} ${options.text}`)
  const response = await authenticator.authenticate(
    options.body.options as PublicKeyCredentialRequestOptionsJSON,
    overrides,
  )
  return { challengeId: options.body.challengeId, response: response as StepUpProof['response'] }
}

/** Asks for a backup passkey's options (needs a session) and answers them (no verify yet). */
export async function startAddCredential(
  client: TestClient,
  authenticator: SoftAuthenticator,
  overrides?: CreateOverrides,
): Promise<{ challengeId: string; response: RegistrationResponseJSON }> {
  const options = await client.post('/api/me/credentials/options', {})
  if (options.status !== 200) throw new Error(`credentials/options: ${options.status} ${options.text}`)
  const response = await authenticator.register(
    options.body.options as PublicKeyCredentialCreationOptionsJSON,
    overrides,
  )
  return { challengeId: options.body.challengeId, response }
}

/**
 * Adds a backup passkey held by `authenticator`, storing `wrappedEntropy` with it; the step-up
 * (passkey.add) is answered by `existing`, an authenticator holding one of the user's passkeys.
 */
export async function addCredential(
  client: TestClient,
  authenticator: SoftAuthenticator,
  input: { wrappedEntropy: WrappedEntropy; existing: SoftAuthenticator; overrides?: CreateOverrides },
): Promise<VerifyResponse> {
  const proof = await stepUp(client, input.existing, { action: 'passkey.add' })
  const { challengeId, response } = await startAddCredential(client, authenticator, input.overrides)
  return client.post('/api/me/credentials/verify', {
    challengeId,
    response,
    wrappedEntropy: input.wrappedEntropy,
    stepUp: proof,
  })
}
