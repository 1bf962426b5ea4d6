-- 0008_users_admin: rendered from packages/db/src/migrations/0008_users_admin.ts (npm run d1:migrations)
alter table "users" add column "disabled_at" text;
alter table "users" add column "last_sign_in_at" text;
create index "users_created_at_id" on "users" ("created_at", "id");
create table "admin_invites" ("token_hash" text primary key, "role" text not null check (role in ('user', 'admin')), "created_by" text not null, "created_at" text not null, "expires_at" text not null, "used_at" text, "used_by" text, "revoked_at" text);
create index "admin_invites_expires_at" on "admin_invites" ("expires_at");
