/**
 * Scenario drafts written in the studio, each kept whole in `data` (its revisions and
 * publications too), like the other records. `owner_id` and the co-authors in `data` are what
 * the studio's lists filter on.
 */
export default /* sql */ `
create table scenario_drafts (
	n bigserial not null,
	id text primary key,
	owner_id text not null,
	data jsonb not null
);
create index scenario_drafts_owner_id on scenario_drafts (owner_id, n);
`;
