export const ROLES = ['admin', 'deployer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const REPOSITORY_POLICIES = ['release', 'snapshot'] as const;
export type RepositoryPolicy = (typeof REPOSITORY_POLICIES)[number];

/** What a repository speaks: `maven` (any file tree over plain HTTP) or `python` (twine uploads, a PEP 503 index). */
export const REPOSITORY_FORMATS = ['maven', 'python'] as const;
export type RepositoryFormat = (typeof REPOSITORY_FORMATS)[number];

export const REPOSITORY_VISIBILITIES = ['private', 'public'] as const;
export type RepositoryVisibility = (typeof REPOSITORY_VISIBILITIES)[number];
