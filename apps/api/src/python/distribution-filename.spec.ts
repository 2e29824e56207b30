import { checkDistribution, parseDistributionFilename } from './distribution-filename';

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

describe('parseDistributionFilename', () => {
  it.each([
    ['demo_lib-1.0-py3-none-any.whl', 'demo-lib', '1.0'],
    ['demo_lib-1.0-1-py2.py3-none-any.whl', 'demo-lib', '1.0'],
    ['demo_lib-1.0-20240101a-py3-none-any.whl', 'demo-lib', '1.0'],
    ['numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'numpy', '1.26.4'],
    ['cffi-1.16.0-cp312-cp312-win_amd64.whl', 'cffi', '1.16.0'],
    ['zope.interface-6.1-cp311-cp311-macosx_10_9_x86_64.whl', 'zope-interface', '6.1'],
    ['Demo_Lib-1.0.0RC1-py3-none-any.whl', 'demo-lib', '1.0.0rc1'],
    ['demo-1!2.0+local.7-py3-none-any.whl', 'demo', '1!2.0+local.7'],
  ])('reads the wheel %s', (filename, project, version) => {
    expect(parseDistributionFilename(filename)).toEqual({ project, version, packageType: 'bdist_wheel' });
  });

  it.each([
    ['demo_lib-1.0.tar.gz', 'demo-lib', '1.0'],
    ['demo-lib-1.0.tar.gz', 'demo-lib', '1.0'],
    ['Demo.Lib-2.0.post1.zip', 'demo-lib', '2.0.post1'],
    ['demo-1.0-post1.tar.gz', 'demo', '1.0.post1'],
    ['demo-lib-1.0-dev.tar.gz', 'demo-lib', '1.0.dev0'],
    ['demo-v1.0RC1.tar.gz', 'demo', '1.0rc1'],
    ['demo-lib-1.0-1.tar.gz', 'demo-lib-1-0', '1'],
  ])('reads the source distribution %s', (filename, project, version) => {
    expect(parseDistributionFilename(filename)).toEqual({ project, version, packageType: 'sdist' });
  });

  it('reads a name of exactly 255 characters', () => {
    const filename = `${'a'.repeat(200)}-1${'.0'.repeat(23)}.tar.gz`;
    expect(filename).toHaveLength(255);
    expect(parseDistributionFilename(filename)).toMatchObject({ project: 'a'.repeat(200), packageType: 'sdist' });
  });

  it.each([
    ['a parent path', '../x-1.0.tar.gz', /slashes/],
    ['an absolute path', '/abs-1.0.tar.gz', /slashes/],
    ['a backslash', 'a\\b-1.0.tar.gz', /slashes/],
    ['NUL', 'a\u0000b-1.0.tar.gz', /control characters/],
    ['a newline at the end', 'demo-1.0.tar.gz\n', /control characters/],
    ['DEL', 'demo\u007f-1.0.tar.gz', /control characters/],
    ['a right-to-left override', 'demo\u202egz.tar-1.0.whl', /printable ASCII/],
    ['a non-ASCII letter', 'd\u00e9mo-1.0.tar.gz', /printable ASCII/],
    ['a space', 'demo- 1.0.tar.gz', /spaces/],
    ['a leading dot', '.hidden-1.0.tar.gz', /start with/],
    ['a leading dash', '-demo-1.0.tar.gz', /start with/],
    ['two dots', 'demo..lib-1.0.tar.gz', /"\.\."/],
    ['300 characters', `${'a'.repeat(285)}-1.0.tar.gz`, /at most 255/],
    ['nothing', '', /is needed/],
  ])('refuses %s, without echoing anything unprintable', (_label, filename, reason) => {
    const result = parseDistributionFilename(filename);
    expect(result).toEqual(expect.stringMatching(reason));
    expect(result).toMatch(PRINTABLE_ASCII);
    expect((result as string).length).toBeLessThan(200);
  });

  it.each(['demo-1.0.exe', 'demo-1.0-py2.7.egg', 'demo-1.0.tar.bz2', 'demo-1.0.tgz', 'demo-1.0.noarch.rpm', 'demo-1.0.TAR.GZ', 'README'])(
    'refuses %s, naming the distributions it accepts',
    (filename) => {
      expect(parseDistributionFilename(filename)).toMatch(/only wheels \(\.whl\) and source distributions/);
    },
  );

  it.each([
    ['too few parts', 'demo-1.0-py3-any.whl', /not a wheel name/],
    ['too many parts', 'demo-lib-1.0-1-py3-none-any.whl', /not a wheel name/],
    ['a version that is not PEP 440', 'demo-1.0.x-py3-none-any.whl', /1\.0\.x is not a valid version/],
    ['a build tag not starting with a digit', 'demo-1.0-b1-py3-none-any.whl', /build tag b1 must start with a digit/],
    ['an empty tag', 'demo-1.0-py3--any.whl', /tags must be/],
    ['an empty tag in a set', 'demo-1.0-py3.-none-any.whl', /tags must be/],
    ['a name that is not a project name', 'demo_-1.0-py3-none-any.whl', /demo_ is not a valid project name/],
    ['a name with characters a wheel escapes', 'demo+x-1.0-py3-none-any.whl', /demo\+x is not a valid project name/],
  ])('refuses a wheel with %s', (_label, filename, reason) => {
    expect(parseDistributionFilename(filename)).toMatch(reason);
  });

  it.each([
    ['no version', 'demo.tar.gz', /not a source distribution name/],
    ['a version that is not PEP 440', 'demo-1.0.x.zip', /not a source distribution name/],
    ['a name that is not a project name', 'demo_-1.0.tar.gz', /demo_ is not a valid project name/],
    ['a name with a plus', 'demo+x-1.0.tar.gz', /demo\+x is not a valid project name/],
  ])('refuses a source distribution with %s', (_label, filename, reason) => {
    expect(parseDistributionFilename(filename)).toMatch(reason);
  });
});

describe('checkDistribution', () => {
  const form = { name: 'demo-lib', version: '1.0', filetype: 'sdist' };

  it('answers the distribution when the form and the file agree, however each is spelled', () => {
    expect(checkDistribution('demo_lib-1.0.tar.gz', { ...form, name: 'Demo.Lib' })).toEqual({
      distribution: { project: 'demo-lib', version: '1.0', packageType: 'sdist' },
    });
    expect(
      checkDistribution('Demo_Lib-1.0.0rc1-1-py2.py3-none-any.whl', { name: 'demo_lib', version: '1.0.0RC1', filetype: 'bdist_wheel' }),
    ).toEqual({ distribution: { project: 'demo-lib', version: '1.0.0rc1', packageType: 'bdist_wheel' } });
  });

  it.each([
    ['an invalid name', 'demo_lib-1.0.tar.gz', { ...form, name: 'demo lib' }, 'name', '"demo lib" is not a valid project name (PEP 508)'],
    ['an invalid version', 'demo_lib-1.0.tar.gz', { ...form, version: '1.0 beta' }, 'version', '"1.0 beta" is not a valid version (PEP 440)'],
    ['an unknown file type', 'demo_lib-1.0.tar.gz', { ...form, filetype: 'bdist_egg' }, 'filetype', 'bdist_egg is not a file type Herald accepts: sdist or bdist_wheel'],
    ['an unsafe file name', '../demo_lib-1.0.tar.gz', form, 'content', '../demo_lib-1.0.tar.gz: slashes and backslashes are not allowed in a file name'],
    ['another project', 'demo_lib-1.0.tar.gz', { ...form, name: 'other-project' }, 'content', 'demo_lib-1.0.tar.gz is not a distribution of other-project'],
    ['another version', 'demo_lib-1.0.tar.gz', { ...form, version: '2.0' }, 'content', 'demo_lib-1.0.tar.gz is version 1.0, not 2.0'],
    ['a version equal in PEP 440 but spelled longer', 'demo_lib-1.0.0.tar.gz', form, 'content', 'demo_lib-1.0.0.tar.gz is version 1.0.0, not 1.0'],
    ['a wheel sent as sdist', 'demo_lib-1.0-py3-none-any.whl', form, 'filetype', 'demo_lib-1.0-py3-none-any.whl is bdist_wheel, not sdist'],
    ['an sdist sent as a wheel', 'demo_lib-1.0.tar.gz', { ...form, filetype: 'bdist_wheel' }, 'filetype', 'demo_lib-1.0.tar.gz is sdist, not bdist_wheel'],
  ])('names the field at fault for %s', (_label, filename, fields, field, message) => {
    expect(checkDistribution(filename, fields)).toEqual({ field, message });
  });

  it('checks the form before the file', () => {
    expect(checkDistribution('x.exe', { name: '-', version: '1.0', filetype: 'sdist' })).toMatchObject({ field: 'name' });
    expect(checkDistribution('x.exe', { name: 'x', version: 'x', filetype: 'sdist' })).toMatchObject({ field: 'version' });
    expect(checkDistribution('x.exe', { name: 'x', version: '1.0', filetype: 'egg' })).toMatchObject({ field: 'filetype' });
  });

  it('never echoes a hostile value raw, and cuts a long one short', () => {
    const hostile = [
      checkDistribution('demo-1.0.tar.gz', { ...form, name: 'demo\r\nX-Injected: 1' }),
      checkDistribution('demo-1.0.tar.gz', { ...form, version: '1.0\u0000\u202e' }),
      checkDistribution('demo-1.0.tar.gz', { ...form, filetype: 'sdist\u001b[31m' }),
      checkDistribution('demo\u0000-1.0.tar.gz', form),
      checkDistribution('demo-1.0.tar.gz', { ...form, name: 'x'.repeat(10_000) }),
    ];
    for (const problem of hostile) {
      expect(problem).toHaveProperty('message');
      const { message } = problem as { message: string };
      expect(message).toMatch(PRINTABLE_ASCII);
      expect(message.length).toBeLessThan(200);
    }
    expect(hostile[0]).toEqual({ field: 'name', message: '"demo\\r\\nX-Injected: 1" is not a valid project name (PEP 508)' });
    expect(hostile[1]).toEqual({ field: 'version', message: '"1.0\\u0000\\u202e" is not a valid version (PEP 440)' });
  });
});
