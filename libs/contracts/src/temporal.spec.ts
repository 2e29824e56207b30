import { versionWorkflowId } from './temporal';

describe('versionWorkflowId', () => {
  it('names a Maven version as it always has, so running workflows are signalled again', () => {
    expect(versionWorkflowId({ repository: 'libs-release', maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' }, quietMs: 10 })).toBe(
      'maven-version-libs-release-com.example:demo:1.0.0',
    );
  });

  it('names a Python version by project and version, as pip spells a pin', () => {
    expect(versionWorkflowId({ repository: 'py-release', python: { project: 'demo-lib', version: '1.0.0' }, quietMs: 10 })).toBe('python-version-py-release-demo-lib==1.0.0');
  });

  it('shortens a long id with a hash that keeps two long versions apart', () => {
    const project = 'p'.repeat(300);
    const a = versionWorkflowId({ repository: 'py-release', python: { project, version: '1.0.0' }, quietMs: 10 });
    const b = versionWorkflowId({ repository: 'py-release', python: { project, version: '1.0.1' }, quietMs: 10 });
    expect(a).toHaveLength(200);
    expect(a.startsWith('python-version-py-release-ppp')).toBe(true);
    expect(a).toMatch(/-[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
  });
});
