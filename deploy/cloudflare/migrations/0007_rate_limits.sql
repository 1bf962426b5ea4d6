-- 0007_rate_limits: rendered from packages/db/src/migrations/0007_rate_limits.ts (npm run d1:migrations)
create table "rate_limit_counters" ("bucket" text not null, "subject" text not null, "window_start" text not null, "count" integer not null, constraint "rate_limit_counters_pk" primary key ("bucket", "subject", "window_start"));
create index "rate_limit_counters_window_start" on "rate_limit_counters" ("window_start");
