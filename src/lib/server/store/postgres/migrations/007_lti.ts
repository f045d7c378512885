/**
 * LTI 1.3: registered platforms (one per issuer and client id), Rapport's own signing keys
 * (`n` keeps the order they were made in; the private half is a secret kept only here), used
 * launch nonces until they expire, and resource links with what they open.
 */
export default /* sql */ `
create table lti_platforms (
	id text primary key,
	issuer text not null,
	client_id text not null,
	data jsonb not null,
	unique (issuer, client_id)
);
create table lti_keys (
	kid text primary key,
	n bigserial not null,
	data jsonb not null
);
create table lti_nonces (
	issuer text not null,
	nonce text not null,
	expires_at text not null,
	primary key (issuer, nonce)
);
create index lti_nonces_expiry on lti_nonces (expires_at);
create table lti_resource_links (
	platform_id text not null references lti_platforms (id) on delete cascade,
	deployment_id text not null,
	resource_link_id text not null,
	data jsonb not null,
	primary key (platform_id, deployment_id, resource_link_id)
);
`;
