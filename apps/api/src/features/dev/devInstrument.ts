/**
 * The canton-devnet test instrument (package `stratos-devnet-token`): a transfer factory the
 * instrument admin can `Mint` with. Referenced by package name, as clients should. Dev mode only.
 */
export const DEV_TRANSFER_FACTORY_TEMPLATE = '#stratos-devnet-token:Stratos.Devnet.Token:TestTransferFactory'

/** The dev stack's registry party hint and instrument id. */
export const DEV_REGISTRY_HINT = 'stratos-registry'
export const DEV_INSTRUMENT_ID = 'USDX'
