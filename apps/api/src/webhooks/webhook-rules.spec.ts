import { WEBHOOK_RULES, digestProblems, eventsProblems, fieldProblems, filtersProblems, normaliseFilters } from './webhook-rules';

describe('webhook field rules', () => {
  it('names every field that is wrong, and only those', () => {
    const problems = fieldProblems(
      { repository: 'libs-release', target: { type: 'json', url: 'https://ci.example.com/' }, events: ['file.created'], active: 'yes' },
      WEBHOOK_RULES,
      ['repository', 'target', 'events'],
    );
    expect(problems).toEqual(['each value in events must be one of the following values: file.uploaded, file.downloaded, file.deleted, maven.version.published, python.version.published', 'active must be a boolean value (true or false)']);
  });

  it('requires the required fields and leaves absent optional ones alone', () => {
    expect(fieldProblems({}, WEBHOOK_RULES, ['repository', 'target', 'events']).map((problem) => problem.split(' ')[0])).toEqual(['repository', 'target', 'events']);
    expect(fieldProblems({}, WEBHOOK_RULES, [])).toEqual([]);
  });

  it('refuses empty, unknown and repeated events', () => {
    expect(eventsProblems([])[0]).toMatch(/^events must name at least one/);
    expect(eventsProblems(['file.uploaded', 'file.uploaded'])).toEqual(['events must not name an event type twice']);
    expect(eventsProblems(null)[0]).toMatch(/^events must be a list/);
    expect(eventsProblems(['maven.version.published'])).toEqual([]);
    expect(eventsProblems(['python.version.published'])).toEqual([]);
  });

  it('checks filters and digests field by field', () => {
    expect(filtersProblems({ include: ['**/*.jar'], exclude: [''], skipSideFiles: 1, glob: true })).toEqual([
      'property filters.glob should not exist',
      'each value in filters.exclude must be a non-empty glob pattern of at most 256 characters',
      'filters.skipSideFiles must be a boolean value',
    ]);
    expect(digestProblems({ windowSeconds: 86_401 })).toEqual(['digest.windowSeconds must be a whole number of seconds from 10 to 86400']);
    expect(digestProblems({ windowSeconds: 300 })).toEqual([]);
    expect(digestProblems({ windowSeconds: 9 })).toEqual(['digest.windowSeconds must be a whole number of seconds from 10 to 86400']);
    expect(digestProblems({ windowSeconds: 10 })).toEqual([]);
    expect(normaliseFilters({ include: ['**/*.jar'] })).toEqual({ include: ['**/*.jar'], exclude: [], skipSideFiles: false });
  });

  it('compiles each filter pattern and names the one that fails', () => {
    expect(filtersProblems({ include: ['**/*.jar', 'com/[abc/**', '!**/*.sha1'], exclude: ['/abs/**', '!x'] })).toEqual([
      expect.stringMatching(/^filters\.include\[1\] "com\/\[abc\/\*\*" is not a valid glob \(Missing closing: "\]"/),
      'filters.exclude[0] "/abs/**" starts with /: patterns match paths inside the repository, such as com/example/**',
      'filters.exclude[1] "!x" starts with !: exclude lists paths to skip, so write the pattern without it',
    ]);
    expect(filtersProblems({ include: Array.from({ length: 101 }, (_, i) => `p${i}/**`) })).toEqual(['filters.include must be a list of at most 100 glob patterns']);
    expect(filtersProblems({ include: ['!**/*.sha1'], exclude: ['**/*.md5'], skipSideFiles: true })).toEqual([]);
  });
});
