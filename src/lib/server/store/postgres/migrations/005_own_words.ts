/**
 * Typed responses ("say it your way first"): one row per attempt, decision and beat, gone with
 * the attempt (and so with the trainee). The trainee's switch for them and their choice to share
 * them live in the attempt's data, like its other optional fields.
 */
export default /* sql */ `
create table own_words (
	attempt_id text not null references attempts (id) on delete cascade,
	step integer not null,
	beat text not null,
	data jsonb not null,
	primary key (attempt_id, step, beat)
);
`;
