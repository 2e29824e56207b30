export { fileEventWorkflow } from './file-event.workflow';
export { digestWorkflow } from './digest.workflow';
export { mavenVersionWorkflow } from './maven-version.workflow';
export { pythonVersionWorkflow } from './python-version.workflow';
export { blobGcWorkflow } from './blob-gc.workflow';
