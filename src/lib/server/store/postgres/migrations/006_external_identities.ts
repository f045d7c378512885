/**
 * Outside accounts (an OpenID provider's, an LMS's through LTI) linked to users: one row per
 * account, gone with the user it signs in as.
 */
export default /* sql */ `
create table external_identities (
	kind text not null,
	issuer text not null,
	subject text not null,
	user_id text not null references users (id) on delete cascade,
	data jsonb not null,
	primary key (kind, issuer, subject)
);
create index external_identities_user on external_identities (user_id);
`;
