-- 0006_audit_chain: rendered from packages/db/src/migrations/0006_audit_chain.ts (npm run d1:migrations)
create table "audit_log_chained" ("seq" integer not null, "id" text primary key, "at" text not null, "actor_user_id" text, "action" text not null, "target" text, "details" text not null, "request_id" text, "ip" text, "user_agent" text, "prev_hash" text not null, "hash" text not null);
drop table "audit_log";
alter table "audit_log_chained" rename to "audit_log";
create unique index "audit_log_seq" on "audit_log" ("seq");
create index "audit_log_at_id" on "audit_log" ("at", "id");
create index "audit_log_target" on "audit_log" ("target");
create index "audit_log_actor" on "audit_log" ("actor_user_id", "at");
