/**
 * Canonical Daml-LF JSON (and JSON API bodies) as plain JSON values. Typed by each template's
 * generic parameter where it matters; this alias is the one place the package opts out of
 * static types for JSON that is validated at run time (normalizeValue, request checks).
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON validated at run time, see above
export type DamlJson = any
