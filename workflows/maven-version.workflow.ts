import { defineSignal } from '@temporalio/workflow';
import type { MAVEN_UPLOAD_SIGNAL, MavenUploadSignal, MavenVersionWorkflowInput } from '../libs/contracts/src';
import { groupVersionUploads, type VersionWorkflowArgs } from './version-grouping';

/** The name is MAVEN_UPLOAD_SIGNAL of libs/contracts, restated (workflow code imports only types) and held to it. */
export const mavenUploadSignal = defineSignal<[MavenUploadSignal]>('mavenUpload' satisfies typeof MAVEN_UPLOAD_SIGNAL);

export type MavenVersionWorkflowArgs = VersionWorkflowArgs<MavenVersionWorkflowInput>;

/**
 * One Maven version of one repository (jar, pom, checksums, signatures), announced as one
 * `maven.version.published` once its uploads went quiet: the body is version-grouping.ts.
 */
export async function mavenVersionWorkflow(args: MavenVersionWorkflowArgs): Promise<void> {
  await groupVersionUploads(args, mavenUploadSignal);
}
