-- 0002_canton_parties: rendered from packages/db/src/migrations/0002_canton_parties.ts (npm run d1:migrations)
create table "canton_parties" ("user_id" text primary key references "users" ("id") on delete cascade, "party_id" text not null unique, "fingerprint" text not null, "created_at" text not null);
