/**
 * The first schema. Each record is kept whole in `data` (the same JSON shape the embedded store
 * writes, so `migrate-store` copies records as they are and optional fields round-trip exactly);
 * the columns beside it are what queries filter, join, order or constrain on. Times are the ISO
 * 8601 strings the app writes, which sort correctly as text. `n` keeps insertion order, which
 * the embedded store's lists have.
 */
export default /* sql */ `
create table users (
	n bigserial not null,
	id text primary key,
	username text not null,
	data jsonb not null
);
create unique index users_username_key on users (lower(username));

create table sessions (
	token_hash text primary key,
	user_id text not null,
	expires_at text collate "C" not null,
	data jsonb not null
);
create index sessions_user_id on sessions (user_id);
create index sessions_expires_at on sessions (expires_at);

create table password_tokens (
	token_hash text primary key,
	user_id text not null,
	expires_at text collate "C" not null,
	data jsonb not null
);
create index password_tokens_user_id on password_tokens (user_id);

create sequence attempt_revision;

create table attempts (
	n bigserial not null,
	id text primary key,
	user_id text not null,
	scenario_id text not null,
	assignment_id text,
	status text not null,
	started_at text collate "C" not null,
	-- From attempt_revision on every insert and update: the change counter report caches use.
	revision bigint not null,
	data jsonb not null
);
create index attempts_user_id on attempts (user_id, n);
create index attempts_scenario_id on attempts (scenario_id);
create index attempts_assignment_id on attempts (assignment_id);
create index attempts_started_at on attempts (started_at, n);

-- The idempotency key of a retried post is unique within its attempt.
create table attempt_events (
	attempt_id text not null references attempts (id) on delete cascade,
	seq integer not null,
	id text not null,
	data jsonb not null,
	primary key (attempt_id, seq),
	unique (attempt_id, id)
);

create table cohorts (
	n bigserial not null,
	id text primary key,
	data jsonb not null
);

create table assignments (
	n bigserial not null,
	id text primary key,
	cohort_id text not null references cohorts (id) on delete cascade,
	data jsonb not null
);
create index assignments_cohort_id on assignments (cohort_id, n);

create table audit (
	n bigserial not null,
	id text primary key,
	at text collate "C" not null,
	data jsonb not null
);
create index audit_at on audit (at desc, n desc);

-- Failed (or in-flight) sign-ins per username, shared by every app instance.
create table sign_in_tries (
	key text not null,
	at bigint not null
);
create index sign_in_tries_key on sign_in_tries (key, at);
create index sign_in_tries_at on sign_in_tries (at);
`;
