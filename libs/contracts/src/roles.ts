export const ROLES = ['admin', 'deployer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const REPOSITORY_POLICIES = ['release', 'snapshot'] as const;
export type RepositoryPolicy = (typeof REPOSITORY_POLICIES)[number];

export const REPOSITORY_VISIBILITIES = ['private', 'public'] as const;
export type RepositoryVisibility = (typeof REPOSITORY_VISIBILITIES)[number];
