-- 0004_defi_vaults: rendered from packages/db/src/migrations/0004_defi_vaults.ts (npm run d1:migrations)
create table "defi_vaults" ("party_id" text primary key, "chain_id" integer not null, "address" text not null, "vault_id" text not null unique, "adapters" text not null, "c_token" text, "swap_fee" integer not null, "assets" text not null, "created_at" text not null);
create index "defi_vaults_chain_id" on "defi_vaults" ("chain_id");
