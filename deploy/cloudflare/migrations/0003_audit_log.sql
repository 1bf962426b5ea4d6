-- 0003_audit_log: rendered from packages/db/src/migrations/0003_audit_log.ts (npm run d1:migrations)
create table "audit_log" ("id" text primary key, "at" text not null, "actor_user_id" text not null, "action" text not null, "target" text, "details" text not null, "request_id" text, "ip" text);
create index "audit_log_at_id" on "audit_log" ("at", "id");
