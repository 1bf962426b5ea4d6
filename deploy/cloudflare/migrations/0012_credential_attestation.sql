-- 0012_credential_attestation: rendered from packages/db/src/migrations/0012_credential_attestation.ts (npm run d1:migrations)
alter table "credentials" add column "attested_model" text;
