export const HERALD_ACTIVITIES = Symbol('HERALD_ACTIVITIES');
export const CHANNELS = Symbol('CHANNELS');
export const WORKFLOW_SIGNALS = Symbol('WORKFLOW_SIGNALS');
export const HEALTH_ANNOUNCER = Symbol('HEALTH_ANNOUNCER');
