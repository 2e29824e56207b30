import type { RepositoryResponse } from '../../repositories/dto/repository.response';

/**
 * What a build tool needs to reach a repository, as text to paste: settings.xml and Gradle for
 * `maven`, pip, twine and uv for `python`. Plain strings (the page escapes them); the portal never
 * knows a password or token, so the secret is always this placeholder, written as is in every
 * format: the reader replaces all of it, brackets included.
 */
export const TOKEN_PLACEHOLDER = '<API token>';

export type ConnectedRepository = Pick<RepositoryResponse, 'name' | 'format' | 'policy' | 'visibility' | 'url'>;

export interface ConnectionSnippet {
  /** Unique on the page: the copy button finds its text by it. */
  id: string;
  /** Where it goes: a file name or a command. */
  label: string;
  text: string;
}

export interface ConnectionTool {
  name: string;
  snippets: ConnectionSnippet[];
}

/** A `python` repository's PEP 503 index, beside its upload URL (the repository's own). */
export function indexUrl(repository: Pick<RepositoryResponse, 'url'>): string {
  return `${repository.url}simple/`;
}

export function connectionTools(repository: ConnectedRepository, username: string): ConnectionTool[] {
  return repository.format === 'python' ? pythonTools(repository, username) : mavenTools(repository, username);
}

/** A public repository is read without credentials; uploads always need them. */
function readsNeedCredentials(repository: ConnectedRepository): boolean {
  return repository.visibility === 'private';
}

function mavenTools(repository: ConnectedRepository, username: string): ConnectionTool[] {
  const id = xmlText(repository.name);
  const url = xmlText(repository.url);
  const deployTo = repository.policy === 'snapshot' ? 'snapshotRepository' : 'repository';
  const settingsXml = `<settings>
  <servers>
    <server>
      <id>${id}</id>
      <username>${xmlText(username)}</username>
      <password>${TOKEN_PLACEHOLDER}</password>
    </server>
  </servers>
</settings>`;
  const pomXml = `<repositories>
  <repository>
    <id>${id}</id>
    <url>${url}</url>
  </repository>
</repositories>
<distributionManagement>
  <${deployTo}>
    <id>${id}</id>
    <url>${url}</url>
  </${deployTo}>
</distributionManagement>`;
  const gradleDependencies = `repositories {
${indent(gradleMavenRepository(repository, username, readsNeedCredentials(repository)), 1)}
}`;
  const gradlePublishing = `plugins {
    \`maven-publish\`
}

publishing {
    publications {
        create<MavenPublication>("maven") {
            from(components["java"])
        }
    }
    repositories {
${indent(gradleMavenRepository(repository, username, true), 2)}
    }
}`;
  return [
    {
      name: 'Maven',
      snippets: [
        { id: 'maven-settings', label: '~/.m2/settings.xml', text: settingsXml },
        { id: 'maven-pom', label: 'pom.xml (inside <project>)', text: pomXml },
      ],
    },
    {
      name: 'Gradle',
      snippets: [
        { id: 'gradle-repositories', label: 'build.gradle.kts: dependencies', text: gradleDependencies },
        { id: 'gradle-publishing', label: 'build.gradle.kts: publishing', text: gradlePublishing },
      ],
    },
  ];
}

function gradleMavenRepository(repository: ConnectedRepository, username: string, withCredentials: boolean): string {
  const credentials = withCredentials
    ? `
    credentials {
        username = ${kotlinString(username)}
        password = ${kotlinString(TOKEN_PLACEHOLDER)}
    }`
    : '';
  return `maven {
    name = ${kotlinString(gradleName(repository.name))}
    url = uri(${kotlinString(repository.url)})${credentials}
}`;
}

function pythonTools(repository: ConnectedRepository, username: string): ConnectionTool[] {
  const index = readsNeedCredentials(repository) ? withUserInfo(indexUrl(repository), username) : indexUrl(repository);
  const uvCredentials = `UV_INDEX_${repository.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const pipConf = `[global]
index-url = ${index}`;
  const pipInstall = `pip install --index-url ${shellWord(index)} <package>`;
  const pypirc = `[distutils]
index-servers =
    ${repository.name}

[${repository.name}]
repository = ${repository.url}
username = ${username}
password = ${TOKEN_PLACEHOLDER}`;
  const uvIndex = `[[tool.uv.index]]
name = ${tomlString(repository.name)}
url = ${tomlString(indexUrl(repository))}`;
  const uvEnvironment = `export ${uvCredentials}_USERNAME=${shellWord(username)}
export ${uvCredentials}_PASSWORD=${shellWord(TOKEN_PLACEHOLDER)}`;
  const uvPublish = `uv publish --publish-url ${shellWord(repository.url)} --username ${shellWord(username)} --password ${shellWord(TOKEN_PLACEHOLDER)}`;
  return [
    {
      name: 'pip',
      snippets: [
        { id: 'pip-conf', label: 'pip.conf', text: pipConf },
        { id: 'pip-install', label: 'pip install', text: pipInstall },
      ],
    },
    { name: 'twine', snippets: [{ id: 'twine-pypirc', label: '~/.pypirc', text: pypirc }] },
    {
      name: 'uv',
      snippets: [
        { id: 'uv-index', label: 'pyproject.toml', text: uvIndex },
        ...(readsNeedCredentials(repository) ? [{ id: 'uv-credentials', label: 'uv index credentials (environment)', text: uvEnvironment }] : []),
        { id: 'uv-publish', label: 'uv publish', text: uvPublish },
      ],
    },
  ];
}

/** Gradle names its tasks after the repository (`publishMavenPublicationToLibsReleaseRepository`). */
function gradleName(repository: string): string {
  return repository
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}

/** `https://host/…` → `https://user:<API token>@host/…`, as pip takes an index's credentials. */
function withUserInfo(url: string, username: string): string {
  return url.replace(/^(https?:\/\/)/, `$1${encodeURIComponent(username)}:${TOKEN_PLACEHOLDER}@`);
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function kotlinString(text: string): string {
  return `"${text.replace(/[\\"$]/g, (character) => `\\${character}`)}"`;
}

/** TOML basic strings take JSON's escapes. */
function tomlString(text: string): string {
  return JSON.stringify(text);
}

/** One shell word: bare when it holds nothing a shell reads specially, single-quoted otherwise. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function indent(text: string, levels: number): string {
  const pad = '    '.repeat(levels);
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}
