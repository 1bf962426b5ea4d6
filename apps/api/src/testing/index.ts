/**
 * Test and benchmark helpers of @stratos/api (`@stratos/api/testing`): a software WebAuthn
 * authenticator and drivers for the ceremonies. Node only; never used by the app.
 */
export {
  addCredential,
  login,
  register,
  startAddCredential,
  startLogin,
  startRegistration,
} from './ceremonies.js'
export {
  type CreateOverrides,
  createSoftAuthenticator,
  evaluatePrf,
  type GetOverrides,
  type SoftAuthenticator,
  type SoftCredential,
} from './softAuthenticator.js'
export { testAddresses } from './testAddresses.js'
