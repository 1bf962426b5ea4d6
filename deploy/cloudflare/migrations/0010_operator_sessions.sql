-- 0010_operator_sessions: rendered from packages/db/src/migrations/0010_operator_sessions.ts (npm run d1:migrations)
create table "operators" ("id" text primary key, "issuer" text not null, "subject" text not null, "display_name" text not null, "created_at" text not null, "last_sign_in_at" text not null, constraint "operators_issuer_subject" unique ("issuer", "subject"));
create table "operator_sessions" ("id" text primary key, "operator_id" text not null references "operators" ("id") on delete cascade, "created_at" text not null, "expires_at" text not null, "revoked_at" text, "user_agent" text);
create index "operator_sessions_operator_id" on "operator_sessions" ("operator_id");
create table "operator_logins" ("id" text primary key, "state" text not null, "nonce" text not null, "code_verifier" text not null, "created_at" text not null, "expires_at" text not null);
create index "operator_logins_expires_at" on "operator_logins" ("expires_at");
