import type { RepositoryFormat, RepositoryPolicy, RepositoryVisibility } from '@herald/contracts';
import type { SafeHtml } from '../html';
import { badge } from './components';

/** How the portal names a repository's settings, on its list and on its own page alike. */
export const REPOSITORY_FORMAT_LABELS: Record<RepositoryFormat, string> = { maven: 'Maven', python: 'Python' };

export function policyBadge(policy: RepositoryPolicy): SafeHtml {
  return policy === 'release' ? badge('Release', 'info') : badge('Snapshot', 'neutral');
}

export function visibilityBadge(visibility: RepositoryVisibility): SafeHtml {
  return visibility === 'public' ? badge('Public', 'warning') : badge('Private', 'neutral');
}
