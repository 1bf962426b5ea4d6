-- 0009_credentials_meta: rendered from packages/db/src/migrations/0009_credentials_meta.ts (npm run d1:migrations)
alter table "credentials" add column "aaguid" text;
alter table "credentials" add column "name" text;
