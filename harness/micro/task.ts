// One micro-benchmark task, the unit every task list (handlers, SQLite, the load generator, the
// report) hands to tinybench; its own module so those lists and the runner share it without a circle.
export interface MicroTask {
  name: string;
  /** Groups rows in the table and the report: handler, sqlite, json, histogram, … */
  group: string;
  /** May return a promise; tinybench awaits it. A throw or rejection makes the task errored. */
  fn: () => unknown;
}
