import type { ArtifactRepository } from '@herald/persistence';
import type { RepositoryResponse } from './dto/repository.response';

export function presentRepository(repository: ArtifactRepository, publicUrl: string): RepositoryResponse {
  return {
    name: repository.name,
    format: repository.format,
    policy: repository.policy,
    visibility: repository.visibility,
    url: `${publicUrl}/repositories/${repository.name}/`,
    createdAt: repository.createdAt.toISOString(),
  };
}
