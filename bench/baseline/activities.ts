export interface BaselineActivities {
  noop(): Promise<void>;
}

export const baselineActivities: BaselineActivities = {
  async noop() {},
};
