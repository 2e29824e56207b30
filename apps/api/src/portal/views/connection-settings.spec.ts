import { connectionTools, indexUrl, TOKEN_PLACEHOLDER, type ConnectedRepository, type ConnectionTool } from './connection-settings';

const URL_BASE = 'https://artifacts.example.com/herald/repositories';

function repository(overrides: Partial<ConnectedRepository>): ConnectedRepository {
  const name = overrides.name ?? 'libs-release';
  return { name, format: 'maven', policy: 'release', visibility: 'private', url: `${URL_BASE}/${name}/`, ...overrides };
}

function snippet(tools: ConnectionTool[], id: string): string {
  const found = tools.flatMap((tool) => tool.snippets).find((item) => item.id === id);
  if (!found) throw new Error(`no snippet ${id}`);
  return found.text;
}

describe('connection settings', () => {
  describe('of a maven repository', () => {
    const tools = connectionTools(repository({}), 'ci.bot');

    it('offers Maven and Gradle', () => {
      expect(tools.map((tool) => tool.name)).toEqual(['Maven', 'Gradle']);
    });

    it('gives settings.xml a server named after the repository, with the user and the placeholder', () => {
      expect(snippet(tools, 'maven-settings')).toBe(`<settings>
  <servers>
    <server>
      <id>libs-release</id>
      <username>ci.bot</username>
      <password>${TOKEN_PLACEHOLDER}</password>
    </server>
  </servers>
</settings>`);
    });

    it('points the pom at the repository with the same id, deploying releases', () => {
      const pom = snippet(tools, 'maven-pom');
      expect(pom).toContain(`<repository>\n    <id>libs-release</id>\n    <url>${URL_BASE}/libs-release/</url>\n  </repository>\n</distributionManagement>`);
      expect(pom).not.toContain('snapshotRepository');
    });

    it('deploys to snapshotRepository for a snapshot repository', () => {
      const pom = snippet(connectionTools(repository({ name: 'libs-snapshot', policy: 'snapshot' }), 'ci'), 'maven-pom');
      expect(pom).toContain(`<distributionManagement>\n  <snapshotRepository>\n    <id>libs-snapshot</id>`);
    });

    it('writes Gradle Kotlin DSL with uri(), credentials and a task-friendly name', () => {
      expect(snippet(tools, 'gradle-repositories')).toBe(`repositories {
    maven {
        name = "libsRelease"
        url = uri("${URL_BASE}/libs-release/")
        credentials {
            username = "ci.bot"
            password = "${TOKEN_PLACEHOLDER}"
        }
    }
}`);
      const publishing = snippet(tools, 'gradle-publishing');
      expect(publishing).toContain('`maven-publish`');
      expect(publishing).toContain('create<MavenPublication>("maven")');
      expect(publishing).toContain(`        maven {\n            name = "libsRelease"\n            url = uri("${URL_BASE}/libs-release/")\n            credentials {`);
    });

    it('reads a public repository without credentials, but still publishes with them', () => {
      const open = connectionTools(repository({ visibility: 'public' }), 'ci');
      expect(snippet(open, 'gradle-repositories')).not.toContain('credentials');
      expect(snippet(open, 'gradle-publishing')).toContain('credentials');
    });

    it('escapes what each language reads specially', () => {
      const odd = connectionTools(repository({ url: 'https://example.com/a&b$c"/repositories/libs-release/' }), 'ci');
      expect(snippet(odd, 'maven-pom')).toContain('<url>https://example.com/a&amp;b$c"/repositories/libs-release/</url>');
      expect(snippet(odd, 'gradle-repositories')).toContain('url = uri("https://example.com/a&b\\$c\\"/repositories/libs-release/")');
    });
  });

  describe('of a python repository', () => {
    const python = repository({ name: 'py.internal', format: 'python' });
    const tools = connectionTools(python, 'ci.bot');
    const index = `${URL_BASE}/py.internal/simple/`;
    const indexWithUser = `https://ci.bot:${TOKEN_PLACEHOLDER}@artifacts.example.com/herald/repositories/py.internal/simple/`;

    it('has its index under simple/', () => {
      expect(indexUrl(python)).toBe(index);
    });

    it('offers pip, twine and uv', () => {
      expect(tools.map((tool) => tool.name)).toEqual(['pip', 'twine', 'uv']);
    });

    it('gives pip the index with the user and placeholder in the URL, quoted for the shell', () => {
      expect(snippet(tools, 'pip-conf')).toBe(`[global]\nindex-url = ${indexWithUser}`);
      expect(snippet(tools, 'pip-install')).toBe(`pip install --index-url '${indexWithUser}' <package>`);
    });

    it('gives twine a .pypirc entry uploading to the repository URL', () => {
      expect(snippet(tools, 'twine-pypirc')).toBe(`[distutils]
index-servers =
    py.internal

[py.internal]
repository = ${URL_BASE}/py.internal/
username = ci.bot
password = ${TOKEN_PLACEHOLDER}`);
    });

    it('gives uv a named index, its credential variables, and a publish command', () => {
      expect(snippet(tools, 'uv-index')).toBe(`[[tool.uv.index]]\nname = "py.internal"\nurl = "${index}"`);
      expect(snippet(tools, 'uv-credentials')).toBe(`export UV_INDEX_PY_INTERNAL_USERNAME=ci.bot\nexport UV_INDEX_PY_INTERNAL_PASSWORD='${TOKEN_PLACEHOLDER}'`);
      expect(snippet(tools, 'uv-publish')).toBe(`uv publish --publish-url ${URL_BASE}/py.internal/ --username ci.bot --password '${TOKEN_PLACEHOLDER}'`);
    });

    it('installs from a public repository without credentials, but still uploads with them', () => {
      const open = connectionTools({ ...python, visibility: 'public' }, 'ci');
      expect(snippet(open, 'pip-conf')).toBe(`[global]\nindex-url = ${index}`);
      expect(open.flatMap((tool) => tool.snippets).map((item) => item.id)).not.toContain('uv-credentials');
      expect(snippet(open, 'twine-pypirc')).toContain(`password = ${TOKEN_PLACEHOLDER}`);
      expect(snippet(open, 'uv-publish')).toContain('--password');
    });
  });
});
