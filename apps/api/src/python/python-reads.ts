import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import accepts from 'accepts';
import type { ArtifactLocation } from '../files/artifact-path';
import { answerText } from '../files/answer-text';
import type { FileAccess } from '../files/file-access';
import { normalizeProjectName } from './package-name';
import { projectListHtml, projectListJson, projectPageHtml, projectPageJson, SIMPLE_HTML, SIMPLE_JSON } from './simple-index';
import { ListProjectsUseCase } from './usecases/list-projects.usecase';
import { ReadCoreMetadataUseCase } from './usecases/read-core-metadata.usecase';
import { ReadProjectUseCase } from './usecases/read-project.usecase';
import { NotFoundError } from '../common/domain-errors';

const INDEX = 'simple';
const METADATA_SUFFIX = '.metadata';
/** What each offered type is answered with; text/html first, the default of a client that states no preference. */
const INDEX_TYPES: Record<string, string> = { 'text/html': 'text/html; charset=utf-8', [SIMPLE_HTML]: SIMPLE_HTML, [SIMPLE_JSON]: SIMPLE_JSON };

/**
 * The reads a python repository answers beyond its files (FileReads calls it after
 * authorization): the index at `simple/` and `simple/{project}/`, negotiated between PEP 503 HTML
 * and PEP 691 JSON, and each distribution's core metadata at `{file}.metadata` (PEP 658). Index
 * reads are not file events: only downloads of distributions are.
 */
@Injectable()
export class PythonReads {
  constructor(
    private readonly listProjects: ListProjectsUseCase,
    private readonly readProject: ReadProjectUseCase,
    private readonly readCoreMetadata: ReadCoreMetadataUseCase,
  ) {}

  /** Answers the request when it is one of these reads; false when it is a file's or a folder's. */
  async answer(request: IncomingMessage, response: ServerResponse, access: FileAccess, location: ArtifactLocation): Promise<boolean> {
    const segments = location.path.split('/');
    if (segments[0] === INDEX) {
      await this.index(request, response, access, location, segments.slice(1));
      return true;
    }
    if (!location.folder && segments[0] === 'packages' && location.path.endsWith(METADATA_SUFFIX)) {
      const metadata = await this.readCoreMetadata.execute(access.repository.id, location.path.slice(0, -METADATA_SUFFIX.length));
      if (!metadata) throw new NotFoundError(`${location.path} does not exist in ${location.repository}`);
      response.setHeader('ETag', `"${metadata.sha256}"`);
      response.setHeader('X-Checksum-Sha256', metadata.sha256);
      answerText(response, 'text/plain; charset=utf-8', metadata.text);
      return true;
    }
    return false;
  }

  private async index(request: IncomingMessage, response: ServerResponse, access: FileAccess, location: ArtifactLocation, rest: string[]): Promise<void> {
    const base = `/repositories/${encodeURIComponent(location.repository)}/${INDEX}/`;
    if (rest.length > 1) throw new NotFoundError(`${location.path} is not a page of ${location.repository}'s index`);
    const project = rest[0];
    // `simple` and `simple/Demo_Lib`: pip asks for the normalized name with its slash, and gets redirected to it otherwise.
    if (!location.folder || (project !== undefined && normalizeProjectName(project) !== project)) {
      return redirect(response, project === undefined ? base : `${base}${encodeURIComponent(normalizeProjectName(project))}/`);
    }
    const type = accepts(request).type(Object.keys(INDEX_TYPES)) as string | false;
    if (type === false) throw new HttpException({ error: 'Not Acceptable', message: `the index is served as ${Object.keys(INDEX_TYPES).join(', ')}` }, HttpStatus.NOT_ACCEPTABLE);
    response.setHeader('Vary', 'Accept');
    response.setHeader('Cache-Control', 'no-cache');
    if (project === undefined) {
      const projects = await this.listProjects.execute(access.repository.id);
      return answerText(response, INDEX_TYPES[type], type === SIMPLE_JSON ? JSON.stringify(projectListJson(projects)) : projectListHtml(projects));
    }
    const page = await this.readProject.execute(access.repository.id, project);
    if (!page) throw new NotFoundError(`${location.repository} has no project ${project}`);
    answerText(response, INDEX_TYPES[type], type === SIMPLE_JSON ? JSON.stringify(projectPageJson(page)) : projectPageHtml(page));
  }
}

function redirect(response: ServerResponse, location: string): void {
  response.statusCode = HttpStatus.MOVED_PERMANENTLY;
  response.setHeader('Location', location);
  response.end();
}
