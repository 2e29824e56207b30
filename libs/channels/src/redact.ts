/**
 * Replaces every occurrence of a secret (an SMTP password, a Slack URL and its path) so that no
 * server answer or library message can carry it into an attempt record, a log or a history.
 */
export function redactor(secrets: Array<string | null | undefined | false>): (text: string) => string {
  const needles = [...new Set(secrets.filter((secret): secret is string => !!secret))].sort((a, b) => b.length - a.length);
  return (text) => needles.reduce((out, needle) => out.split(needle).join('****'), text);
}
