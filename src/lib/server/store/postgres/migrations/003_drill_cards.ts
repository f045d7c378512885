/**
 * Each trainee's drill cards (src/lib/practice/schedule.ts): one row per trainee and drill,
 * gone with the trainee. Drill attempts need no change: they are attempts marked `drill` in
 * their data.
 */
export default /* sql */ `
create table drill_cards (
	user_id text not null references users (id) on delete cascade,
	drill_id text not null,
	due text collate "C" not null,
	data jsonb not null,
	primary key (user_id, drill_id)
);
`;
