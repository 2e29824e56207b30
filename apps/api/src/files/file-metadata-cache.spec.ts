import type { FileMetadata } from '@herald/persistence';
import { FileMetadataCache } from './file-metadata-cache';

const metadata = (id: string): FileMetadata => ({ id, path: 'a.jar', size: 1, sha256: 's', sha1: 's', md5: 'm', contentType: 'application/java-archive', updatedAt: new Date(0) });

describe('FileMetadataCache', () => {
  it('answers only for the version of the bytes it was given', () => {
    const cache = new FileMetadataCache();
    cache.set('libs/a.jar', 'v1', metadata('file_1'));
    expect(cache.get('libs/a.jar', 'v1')?.id).toBe('file_1');
    expect(cache.get('libs/a.jar', 'v2')).toBeUndefined();
    cache.set('libs/a.jar', 'v2', metadata('file_2'));
    expect(cache.get('libs/a.jar', 'v1')).toBeUndefined();
    expect(cache.get('libs/a.jar', 'v2')?.id).toBe('file_2');
  });

  it('forgets the least recently read file past its capacity', () => {
    const cache = new FileMetadataCache();
    for (let n = 0; n < 10_000; n++) cache.set(`libs/${n}.jar`, 'v', metadata(`file_${n}`));
    expect(cache.get('libs/0.jar', 'v')).toBeDefined();
    cache.set('libs/new.jar', 'v', metadata('file_new'));
    expect(cache.get('libs/0.jar', 'v')).toBeDefined();
    expect(cache.get('libs/1.jar', 'v')).toBeUndefined();
    expect(cache.get('libs/new.jar', 'v')).toBeDefined();
  });
});
