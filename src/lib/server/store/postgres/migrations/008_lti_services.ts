/**
 * LTI services: what each user's launch of a resource link said (the AGS and NRPS claims, the LMS
 * `sub`), and the outbox of scores for LMS gradebooks, one per attempt and resource link. Both
 * hold personal data and go with the user (deleted on erasure) and with the platform.
 */
export default /* sql */ `
create table lti_launch_links (
	user_id text not null,
	platform_id text not null references lti_platforms (id) on delete cascade,
	deployment_id text not null,
	resource_link_id text not null,
	data jsonb not null,
	primary key (user_id, platform_id, deployment_id, resource_link_id)
);
create index lti_launch_links_platform on lti_launch_links (platform_id);
create table lti_scores (
	id text primary key,
	attempt_id text not null,
	user_id text not null,
	platform_id text not null references lti_platforms (id) on delete cascade,
	deployment_id text not null,
	resource_link_id text not null,
	status text not null,
	next_try_at text not null,
	data jsonb not null,
	unique (attempt_id, platform_id, deployment_id, resource_link_id)
);
create index lti_scores_due on lti_scores (next_try_at) where status = 'pending';
create index lti_scores_user on lti_scores (user_id);
`;
