import type { BLOB_GC_WORKFLOW_TYPE, DIGEST_WORKFLOW_TYPE, FILE_EVENT_WORKFLOW_TYPE, MAVEN_VERSION_WORKFLOW_TYPE, PYTHON_VERSION_WORKFLOW_TYPE } from '../libs/contracts/src';
import { blobGcWorkflow } from './blob-gc.workflow';
import { digestWorkflow } from './digest.workflow';
import { fileEventWorkflow } from './file-event.workflow';
import { mavenVersionWorkflow } from './maven-version.workflow';
import { pythonVersionWorkflow } from './python-version.workflow';

export { fileEventWorkflow, digestWorkflow, mavenVersionWorkflow, pythonVersionWorkflow, blobGcWorkflow };

type ContractWorkflowType = typeof FILE_EVENT_WORKFLOW_TYPE | typeof DIGEST_WORKFLOW_TYPE | typeof MAVEN_VERSION_WORKFLOW_TYPE | typeof PYTHON_VERSION_WORKFLOW_TYPE | typeof BLOB_GC_WORKFLOW_TYPE;
/** Starters name workflows by the types of libs/contracts: the compiler holds the exports to those names, both ways. */
({ fileEventWorkflow, digestWorkflow, mavenVersionWorkflow, pythonVersionWorkflow, blobGcWorkflow }) satisfies Record<ContractWorkflowType, unknown>;
