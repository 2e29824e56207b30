export { fileEventWorkflow } from './file-event.workflow';
