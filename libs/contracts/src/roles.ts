export const ROLES = ['admin', 'deployer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A user name: 1 to 64 letters, digits, dots, dashes or underscores, and not `.` or `..`, which
 * URLs fold away as path segments (`/api/v1/users/..`). The first admin's (HERALD_ADMIN_USER) too.
 */
export const USERNAME_PATTERN = /^(?!\.\.?$)[A-Za-z0-9._-]{1,64}$/;
export const USERNAME_RULE = 'a user name of 1 to 64 letters, digits, dots, dashes or underscores, not . or ..';

export const REPOSITORY_POLICIES = ['release', 'snapshot'] as const;
export type RepositoryPolicy = (typeof REPOSITORY_POLICIES)[number];

/** What a repository speaks: `maven` (any file tree over plain HTTP) or `python` (twine uploads, a PEP 503 index). */
export const REPOSITORY_FORMATS = ['maven', 'python'] as const;
export type RepositoryFormat = (typeof REPOSITORY_FORMATS)[number];

export const REPOSITORY_VISIBILITIES = ['private', 'public'] as const;
export type RepositoryVisibility = (typeof REPOSITORY_VISIBILITIES)[number];
