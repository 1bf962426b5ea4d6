/**
 * Test and benchmark helpers of @stratos/api (`@stratos/api/testing`): a software WebAuthn
 * authenticator and drivers for the ceremonies, the app over a test database, a canton-devnet per
 * suite. Node only; never used by the app.
 */
export { type TestCanton, useCantonDevnet } from './cantonDevnet.js'
export { type CantonPerson, onboardCantonPerson } from './cantonPeople.js'
export {
  addCredential,
  login,
  register,
  startAddCredential,
  startLogin,
  startRegistration,
  stepUp,
} from './ceremonies.js'
export {
  type CreateOverrides,
  createSoftAuthenticator,
  evaluatePrf,
  type GetOverrides,
  type SoftAttestation,
  type SoftAuthenticator,
  type SoftCredential,
} from './softAuthenticator.js'
export { testAddresses } from './testAddresses.js'
export { createTestApp, TEST_ORIGIN, type TestApp } from './testApp.js'
export { TestClient, type TestResponse } from './testClient.js'
export {
  createTestSecurityKeyModel,
  TEST_KEY_AAGUID,
  type TestSecurityKeyModel,
} from './testSecurityKey.js'
