/**
 * The typed model of Data Factory triggers, read from a trigger resource's `properties`.
 * Reading never throws: anything malformed is left undefined here and reported by validate.ts.
 */
import type { Resource } from '../model/types';

export type ScheduleFrequency = 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';
export type TumblingFrequency = 'Minute' | 'Hour' | 'Month';
export const SCHEDULE_FREQUENCIES: readonly ScheduleFrequency[] = ['Minute', 'Hour', 'Day', 'Week', 'Month'];
export const TUMBLING_FREQUENCIES: readonly TumblingFrequency[] = ['Minute', 'Hour', 'Month'];
export const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** A pipeline started by a trigger and the parameter values (possibly expressions) it receives. */
export interface TriggerPipeline {
  pipelineName: string;
  parameters: Record<string, unknown>;
  /** JSON path of this reference inside the trigger file, for diagnostics. */
  path: (string | number)[];
}

export interface MonthlyOccurrence {
  day: WeekDay;
  /** 1..5 from the start of the month, -1..-5 from its end; undefined = every such weekday. */
  occurrence?: number;
}

export interface RecurrenceSchedule {
  minutes?: number[];
  hours?: number[];
  weekDays?: WeekDay[];
  monthDays?: number[];
  monthlyOccurrences?: MonthlyOccurrence[];
}

export interface Recurrence {
  frequency: ScheduleFrequency;
  interval: number;
  /** As written in the file (local time of `timeZone` when that is not UTC). */
  startTime?: string;
  endTime?: string;
  /** Windows time zone name as ADF stores it, e.g. "W. Europe Standard Time"; default UTC. */
  timeZone: string;
  schedule?: RecurrenceSchedule;
}

export interface RetryPolicy {
  count: number;
  intervalInSeconds: number;
}

export interface TumblingDependency {
  kind: 'trigger' | 'self';
  /** Referenced trigger name (kind 'trigger'); the trigger itself for 'self'. */
  triggerName: string;
  /** Offset in ms (negative = earlier). */
  offsetMs: number;
  /** Dependency window size in ms; undefined = the size of the depending trigger's window. */
  sizeMs?: number;
}

export interface TumblingWindow {
  frequency: TumblingFrequency;
  interval: number;
  startTime: string;
  endTime?: string;
  delayMs: number;
  maxConcurrency: number;
  retryPolicy: RetryPolicy;
  dependsOn: TumblingDependency[];
}

export interface BlobEvents {
  /** "/container/blobs/prefix" as ADF stores it. */
  blobPathBeginsWith?: string;
  blobPathEndsWith?: string;
  ignoreEmptyBlobs: boolean;
  scope?: string;
  events: string[];
}

export interface CustomEvents {
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  events: string[];
  scope?: string;
}

interface TriggerBase {
  name: string;
  file: string;
  runtimeState?: string;
  pipelines: TriggerPipeline[];
}

export type TriggerDef =
  | (TriggerBase & { type: 'ScheduleTrigger'; recurrence?: Recurrence })
  | (TriggerBase & { type: 'TumblingWindowTrigger'; tumbling?: TumblingWindow })
  | (TriggerBase & { type: 'BlobEventsTrigger'; blob: BlobEvents })
  | (TriggerBase & { type: 'CustomEventsTrigger'; custom: CustomEvents })
  | (TriggerBase & { type: 'Other'; rawType: string });

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numList = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x)) ? [...(v as number[])] : undefined;

/** Canonical weekday name for a case-insensitive spelling ("monday" → "Monday"), else undefined. */
export function weekDayOf(v: unknown): WeekDay | undefined {
  if (typeof v !== 'string') return undefined;
  return WEEK_DAYS.find((d) => d.toLowerCase() === v.toLowerCase());
}

/** Parses "[-][d.]hh:mm:ss[.fff]" (.NET TimeSpan text, as ADF writes delays and offsets) into ms. */
export function parseTimeSpan(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, neg, d, h, mi, s, frac] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(mi)) * 60_000 + Number(s) * 1000 + (frac ? Math.round(Number('0.' + frac) * 1000) : 0);
  return neg ? -ms : ms;
}

/** Formats ms as .NET TimeSpan text ("-1.02:00:00"). */
export function formatTimeSpan(ms: number): string {
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const d = Math.floor(rest / 86_400_000);
  rest -= d * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${neg ? '-' : ''}${d ? d + '.' : ''}${p(h)}:${p(mi)}:${p(s)}`;
}

function readPipelines(props: Record<string, any>, single: boolean): TriggerPipeline[] {
  const out: TriggerPipeline[] = [];
  const add = (p: unknown, path: (string | number)[]) => {
    if (!isObj(p) || !isObj(p.pipelineReference) || typeof p.pipelineReference.referenceName !== 'string') return;
    out.push({ pipelineName: p.pipelineReference.referenceName, parameters: isObj(p.parameters) ? p.parameters : {}, path });
  };
  if (single) add(props.pipeline, ['properties', 'pipeline']);
  else if (Array.isArray(props.pipelines)) props.pipelines.forEach((p: unknown, i: number) => add(p, ['properties', 'pipelines', i]));
  return out;
}

/** Reads a ScheduleTrigger `recurrence` object; undefined when frequency or interval are unusable. */
export function readRecurrence(r: unknown): Recurrence | undefined {
  if (!isObj(r)) return undefined;
  const frequency = SCHEDULE_FREQUENCIES.find((f) => typeof r.frequency === 'string' && f.toLowerCase() === r.frequency.toLowerCase());
  if (!frequency) return undefined;
  const interval = r.interval === undefined ? 1 : r.interval;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1) return undefined;
  const s = isObj(r.schedule) ? r.schedule : undefined;
  let schedule: RecurrenceSchedule | undefined;
  if (s) {
    schedule = {
      minutes: numList(s.minutes),
      hours: numList(s.hours),
      monthDays: numList(s.monthDays),
      weekDays: Array.isArray(s.weekDays) ? (s.weekDays.map(weekDayOf).filter(Boolean) as WeekDay[]) : undefined,
      monthlyOccurrences: Array.isArray(s.monthlyOccurrences)
        ? s.monthlyOccurrences
            .filter(isObj)
            .map((o: Record<string, any>) => ({ day: weekDayOf(o.day) as WeekDay, occurrence: typeof o.occurrence === 'number' ? o.occurrence : undefined }))
            .filter((o: MonthlyOccurrence) => o.day)
        : undefined,
    };
  }
  return {
    frequency,
    interval,
    startTime: typeof r.startTime === 'string' ? r.startTime : undefined,
    endTime: typeof r.endTime === 'string' ? r.endTime : undefined,
    timeZone: typeof r.timeZone === 'string' && r.timeZone ? r.timeZone : 'UTC',
    schedule,
  };
}

function readTumbling(name: string, tp: unknown): TumblingWindow | undefined {
  if (!isObj(tp)) return undefined;
  const frequency = TUMBLING_FREQUENCIES.find((f) => typeof tp.frequency === 'string' && f.toLowerCase() === tp.frequency.toLowerCase());
  if (!frequency || typeof tp.startTime !== 'string') return undefined;
  const interval = tp.interval;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1) return undefined;
  const delayMs = tp.delay === undefined ? 0 : parseTimeSpan(tp.delay);
  const rp = isObj(tp.retryPolicy) ? tp.retryPolicy : {};
  const dependsOn: TumblingDependency[] = [];
  for (const d of Array.isArray(tp.dependsOn) ? tp.dependsOn : []) {
    if (!isObj(d)) continue;
    const offsetMs = d.offset === undefined ? 0 : parseTimeSpan(d.offset);
    const sizeMs = d.size === undefined ? undefined : parseTimeSpan(d.size);
    if (offsetMs === undefined || (d.size !== undefined && sizeMs === undefined)) continue;
    if (d.type === 'SelfDependencyTumblingWindowTriggerReference') dependsOn.push({ kind: 'self', triggerName: name, offsetMs, sizeMs });
    else if (isObj(d.referenceTrigger) && typeof d.referenceTrigger.referenceName === 'string')
      dependsOn.push({ kind: 'trigger', triggerName: d.referenceTrigger.referenceName, offsetMs, sizeMs });
  }
  return {
    frequency,
    interval,
    startTime: tp.startTime,
    endTime: typeof tp.endTime === 'string' ? tp.endTime : undefined,
    delayMs: delayMs ?? 0,
    maxConcurrency: typeof tp.maxConcurrency === 'number' && tp.maxConcurrency >= 1 ? Math.floor(tp.maxConcurrency) : 1,
    retryPolicy: {
      count: typeof rp.count === 'number' && rp.count >= 0 ? Math.floor(rp.count) : 0,
      intervalInSeconds: typeof rp.intervalInSeconds === 'number' && rp.intervalInSeconds >= 0 ? rp.intervalInSeconds : 30,
    },
    dependsOn,
  };
}

/** Reads a trigger resource into the typed model (best effort; see validateTrigger for problems). */
export function readTrigger(resource: Resource): TriggerDef {
  const props = resource.properties;
  const tp = isObj(props.typeProperties) ? props.typeProperties : {};
  const base = { name: resource.name, file: resource.file, runtimeState: typeof props.runtimeState === 'string' ? props.runtimeState : undefined };
  switch (resource.type) {
    case 'ScheduleTrigger':
      return { ...base, type: 'ScheduleTrigger', pipelines: readPipelines(props, false), recurrence: readRecurrence(tp.recurrence) };
    case 'TumblingWindowTrigger':
      return { ...base, type: 'TumblingWindowTrigger', pipelines: readPipelines(props, true), tumbling: readTumbling(resource.name, tp) };
    case 'BlobEventsTrigger':
      return {
        ...base,
        type: 'BlobEventsTrigger',
        pipelines: readPipelines(props, false),
        blob: {
          blobPathBeginsWith: typeof tp.blobPathBeginsWith === 'string' ? tp.blobPathBeginsWith : undefined,
          blobPathEndsWith: typeof tp.blobPathEndsWith === 'string' ? tp.blobPathEndsWith : undefined,
          ignoreEmptyBlobs: tp.ignoreEmptyBlobs === undefined ? true : tp.ignoreEmptyBlobs === true,
          scope: typeof tp.scope === 'string' ? tp.scope : undefined,
          events: Array.isArray(tp.events) ? tp.events.filter((e: unknown): e is string => typeof e === 'string') : [],
        },
      };
    case 'CustomEventsTrigger':
      return {
        ...base,
        type: 'CustomEventsTrigger',
        pipelines: readPipelines(props, false),
        custom: {
          subjectBeginsWith: typeof tp.subjectBeginsWith === 'string' ? tp.subjectBeginsWith : undefined,
          subjectEndsWith: typeof tp.subjectEndsWith === 'string' ? tp.subjectEndsWith : undefined,
          events: Array.isArray(tp.events) ? tp.events.filter((e: unknown): e is string => typeof e === 'string') : [],
          scope: typeof tp.scope === 'string' ? tp.scope : undefined,
        },
      };
    default:
      return { ...base, type: 'Other', rawType: resource.type ?? '', pipelines: readPipelines(props, false) };
  }
}
