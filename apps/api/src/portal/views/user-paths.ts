/** Where a user's portal pages live; one home, so every link and redirect agrees. */
export function userHref(username: string): string {
  return `/portal/users/${encodeURIComponent(username)}`;
}

export function tokensHref(username: string): string {
  return `${userHref(username)}/tokens`;
}
