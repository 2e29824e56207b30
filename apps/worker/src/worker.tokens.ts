export const HERALD_ACTIVITIES = Symbol('HERALD_ACTIVITIES');
export const CHANNELS = Symbol('CHANNELS');
