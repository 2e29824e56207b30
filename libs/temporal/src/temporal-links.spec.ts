import { temporalWorkflowUrl } from './temporal-links';

describe('temporalWorkflowUrl', () => {
  it('links to the execution page of the namespace, tolerating a trailing slash', () => {
    expect(temporalWorkflowUrl('http://localhost:8233/', 'default', 'file-event-evt_1')).toBe('http://localhost:8233/namespaces/default/workflows/file-event-evt_1');
  });

  it('encodes what it puts in the path', () => {
    expect(temporalWorkflowUrl('https://temporal.example.com', 'team a', 'x/y')).toBe('https://temporal.example.com/namespaces/team%20a/workflows/x%2Fy');
  });
});
