/** A repository name: also a folder name and a URL segment, so no dots first, no slashes. */
export const REPOSITORY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const REPOSITORY_NAME_RULE = 'name must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit';
