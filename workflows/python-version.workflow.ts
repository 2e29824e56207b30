import { defineSignal } from '@temporalio/workflow';
import type { PYTHON_UPLOAD_SIGNAL, PythonVersionWorkflowInput, VersionUploadSignal } from '../libs/contracts/src';
import { groupVersionUploads, type VersionWorkflowArgs } from './version-grouping';

/** The name is PYTHON_UPLOAD_SIGNAL of libs/contracts, restated (workflow code imports only types) and held to it. */
export const pythonUploadSignal = defineSignal<[VersionUploadSignal]>('pythonUpload' satisfies typeof PYTHON_UPLOAD_SIGNAL);

export type PythonVersionWorkflowArgs = VersionWorkflowArgs<PythonVersionWorkflowInput>;

/**
 * One Python version of one repository (its sdist and wheels), announced as one
 * `python.version.published` once its uploads went quiet: the body is version-grouping.ts.
 */
export async function pythonVersionWorkflow(args: PythonVersionWorkflowArgs): Promise<void> {
  await groupVersionUploads(args, pythonUploadSignal);
}
