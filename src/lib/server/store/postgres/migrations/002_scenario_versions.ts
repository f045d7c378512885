/**
 * The scenario versions attempts were played on, by content hash, so every instance can replay
 * an attempt whichever instance started it. Written once, never changed.
 */
export default /* sql */ `
create table scenario_versions (
	hash text primary key,
	data jsonb not null
);
`;
