-- 0005_sessions: rendered from packages/db/src/migrations/0005_sessions.ts (npm run d1:migrations)
alter table "sessions" add column "credential_id" text;
alter table "sessions" add column "ip" text;
alter table "sessions" add column "last_seen_at" text;
create index "sessions_expires_at" on "sessions" ("expires_at");
create index "sessions_credential_id" on "sessions" ("credential_id");
alter table "challenges" add column "client" text;
create index "challenges_client" on "challenges" ("client", "expires_at");
