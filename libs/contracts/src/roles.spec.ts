import { USERNAME_PATTERN } from './roles';

describe('USERNAME_PATTERN', () => {
  it.each(['ci', 'jenkins.bot', 'a-b_c.d', '...', '.hidden', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(USERNAME_PATTERN.test(name)).toBe(true);
  });

  // `.` and `..` are path segments a URL folds away: /api/v1/users/.. would never reach the user.
  it.each(['.', '..', '', 'bad user', 'a/b', 'ü', 'x'.repeat(65)])('refuses %j', (name) => {
    expect(USERNAME_PATTERN.test(name)).toBe(false);
  });
});
