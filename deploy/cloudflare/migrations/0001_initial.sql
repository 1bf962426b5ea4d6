-- 0001_initial: rendered from packages/db/src/migrations/0001_initial.ts (npm run d1:migrations)
create table "users" ("id" text primary key, "display_name" text not null, "role" text not null check (role in ('user', 'admin')), "webauthn_user_id" text not null unique, "created_at" text not null);
create table "credentials" ("id" text primary key, "user_id" text not null references "users" ("id") on delete cascade, "public_key" text not null, "counter" bigint not null, "transports" text not null, "device_type" text not null, "backed_up" integer not null, "wrapped_entropy" text, "created_at" text not null, "last_used_at" text);
create index "credentials_user_id" on "credentials" ("user_id");
create table "challenges" ("id" text primary key, "challenge" text not null, "purpose" text not null, "context" text, "expires_at" text not null, "created_at" text not null);
create index "challenges_expires_at" on "challenges" ("expires_at");
create table "sessions" ("id" text primary key, "user_id" text not null references "users" ("id") on delete cascade, "created_at" text not null, "expires_at" text not null, "revoked_at" text, "user_agent" text);
create index "sessions_user_id" on "sessions" ("user_id");
create table "addresses" ("user_id" text not null references "users" ("id") on delete cascade, "chain" text not null, "account_index" integer not null, "address" text not null, "created_at" text not null, constraint "addresses_pk" primary key ("user_id", "chain", "account_index"));
create index "addresses_address" on "addresses" ("chain", "address");
create table "instance_settings" ("key" text primary key, "value" text not null, "updated_at" text not null);
