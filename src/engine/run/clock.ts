/**
 * A scripted clock for tests: utcNow() (and the relative date functions) inside a named activity read that
 * activity's time; elsewhere successive reads take the times of `sequence` in turn, the last one repeating; with
 * neither, the run's fixed `now` (or the real clock) applies.
 */
export interface ClockScript {
  /** Times (ISO 8601) for successive reads of the clock, in the order the engine evaluates them. */
  sequence?: string[];
  /** Activity name -> the time every read inside that activity gives. */
  activities?: Record<string, string>;
}

export function clockReader(script: ClockScript | undefined): (activityName?: string) => string | undefined {
  const seq = script?.sequence ?? [];
  const byActivity = script?.activities ?? {};
  let reads = 0;
  return (activityName) => {
    if (activityName !== undefined && Object.prototype.hasOwnProperty.call(byActivity, activityName)) return byActivity[activityName];
    if (!seq.length) return undefined;
    return seq[Math.min(reads++, seq.length - 1)];
  };
}
