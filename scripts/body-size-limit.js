// The request size limit Rapport's own launchers give adapter-node (its BODY_SIZE_LIMIT; its
// own default is 512K). A studio text may be 1 MB, and a form post of it grows up to three times
// once URL-encoded (every non-ASCII byte becomes %XX, every line end %0D%0A), so 4M lets any
// text within the studio's limit reach the studio, which then answers with its own message.
// `node build` run directly does not read this: set BODY_SIZE_LIMIT=4M there (docs/operations.md).
export const DEFAULT_BODY_SIZE_LIMIT = '4M';
