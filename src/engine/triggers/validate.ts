/**
 * Semantic checks of trigger resources (codes ADF6xxx). Never throws: returns diagnostics with the range of
 * the offending JSON node and a message that says how to fix it.
 */
import { rangeAt, type JsonPath } from '../json';
import type { Diagnostic } from '../diagnostics';
import { TriggerCodes, severityOf } from '../codes';
import { findResource, declaredParameterName } from '../model';
import type { Factory, Resource } from '../model/types';
import { readTrigger, readRecurrence, parseTimeSpan, SCHEDULE_FREQUENCIES, TUMBLING_FREQUENCIES, weekDayOf, type TriggerDef } from './model';
import { hasZoneDesignator, ianaZone, readTriggerTime } from './timeZone';
import { scheduleFireTimes } from './schedule';

export const TRIGGER_TYPES = ['ScheduleTrigger', 'TumblingWindowTrigger', 'BlobEventsTrigger', 'CustomEventsTrigger'] as const;
const BLOB_EVENTS = ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'];
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Collector {
  readonly out: Diagnostic[] = [];
  constructor(private readonly r: Resource) {}
  /** A diagnostic of the catalogue's trigger band (its severity is the catalogue's). */
  add(key: keyof typeof TriggerCodes, path: JsonPath, message: string, data?: Record<string, unknown>): void {
    const code = TriggerCodes[key];
    this.out.push({ file: this.r.file, ...rangeAt(this.r.doc, path), severity: severityOf(code), code, source: 'trigger', message, path, data });
  }
}

/** Validates every trigger of a factory. */
export function validateTriggers(factory: Factory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of factory.resources.trigger.values()) out.push(...validateTrigger(factory, r));
  return out;
}

/** Validates one trigger resource against the factory it belongs to. */
export function validateTrigger(factory: Factory, r: Resource): Diagnostic[] {
  const c = new Collector(r);
  if (!r.json) return c.out;
  const props = r.properties;
  const tp = isObj(props.typeProperties) ? props.typeProperties : undefined;
  if (!r.type) {
    c.add('missingType', ['properties'], `Trigger "${r.name}" has no "type". Use one of: ${TRIGGER_TYPES.join(', ')}.`);
    return c.out;
  }
  if (!(TRIGGER_TYPES as readonly string[]).includes(r.type)) {
    c.add('typeNotModelled', ['properties', 'type'], `Trigger type "${r.type}" is not modelled locally (fire times and local firing are available for ${TRIGGER_TYPES.join(', ')}).`);
    return c.out;
  }
  if (!tp) {
    c.add('missingTypeProperties', ['properties'], `Trigger "${r.name}" has no "typeProperties" object.`);
    return c.out;
  }
  const def = readTrigger(r);
  checkPipelines(factory, r, def, c);
  if (r.type === 'ScheduleTrigger') checkSchedule(tp, c);
  else if (r.type === 'TumblingWindowTrigger') checkTumbling(factory, r, tp, c);
  else if (r.type === 'BlobEventsTrigger') checkBlob(tp, c);
  else if (r.type === 'CustomEventsTrigger') checkCustom(tp, c);
  checkTriggerFunctions(r, c);
  if (r.type === 'TumblingWindowTrigger') c.out.push(...dependencyCycles(factory, r));
  return c.out;
}

function checkPipelines(factory: Factory, r: Resource, def: TriggerDef, c: Collector): void {
  const props = r.properties;
  if (r.type === 'TumblingWindowTrigger') {
    if (!isObj(props.pipeline)) c.add('tumblingPipeline', ['properties'], 'A TumblingWindowTrigger starts exactly one pipeline: add "pipeline": {"pipelineReference": {"referenceName": "...", "type": "PipelineReference"}}.');
  } else if (props.pipelines !== undefined && !Array.isArray(props.pipelines)) {
    c.add('pipelinesNotArray', ['properties', 'pipelines'], '"pipelines" must be an array of {pipelineReference, parameters}.');
  } else if (!def.pipelines.length) {
    c.add('noPipeline', ['properties'], `Trigger "${r.name}" starts no pipeline; add an entry to "pipelines".`);
  }
  for (const p of def.pipelines) {
    // A missing pipeline is reported by the reference checks (ADF2001).
    const pipe = findResource(factory, 'pipeline', p.pipelineName);
    if (!pipe) continue;
    const declared = isObj(pipe.properties.parameters) ? (pipe.properties.parameters as Record<string, any>) : {};
    for (const name of Object.keys(p.parameters)) {
      if (declaredParameterName(declared, name) === undefined) c.add('undeclaredParameter', [...p.path, 'parameters', name], `Pipeline "${pipe.name}" has no parameter "${name}"; declare it in the pipeline or remove the binding.`, { pipeline: pipe.name, parameter: name });
    }
    // Required parameters the trigger does not set are reported by the reference checks.
  }
}

function checkIntList(c: Collector, path: JsonPath, v: unknown, min: number, max: number, what: string, allowZero = true): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return c.add('invalidScheduleValue', path, `"${path[path.length - 1]}" must be an array of ${what}.`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max || (!allowZero && x === 0)) {
      c.add('invalidScheduleValue', [...path, i], `${JSON.stringify(x)} is not a valid ${what} (${min}..${max}${allowZero ? '' : ', not 0'}).`);
    }
  });
}

function checkSchedule(tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties', 'recurrence'];
  const rec = tp.recurrence;
  if (!isObj(rec)) return c.add('invalidRecurrence', ['properties', 'typeProperties'], 'A ScheduleTrigger needs "recurrence": {"frequency", "interval", "startTime", "timeZone"}.');
  const freq = SCHEDULE_FREQUENCIES.find((f) => typeof rec.frequency === 'string' && f.toLowerCase() === rec.frequency.toLowerCase());
  if (!freq) c.add('invalidRecurrence', [...base, 'frequency'], `"frequency" must be one of ${SCHEDULE_FREQUENCIES.join(', ')}.`);
  if (rec.interval !== undefined && (typeof rec.interval !== 'number' || !Number.isInteger(rec.interval) || rec.interval < 1)) {
    c.add('invalidRecurrence', [...base, 'interval'], '"interval" must be a positive integer.');
  }
  const tzName = typeof rec.timeZone === 'string' && rec.timeZone ? rec.timeZone : 'UTC';
  const zone = ianaZone(tzName);
  if (!zone) c.add('unknownTimeZone', [...base, 'timeZone'], `Unknown time zone "${tzName}". Use a Windows time zone name such as "UTC", "Pacific Standard Time" or "W. Europe Standard Time".`);
  const isUtc = zone === 'UTC';
  for (const key of ['startTime', 'endTime'] as const) {
    const v = rec[key];
    if (v === undefined) {
      if (key === 'startTime') c.add('invalidTime', base, 'The recurrence needs a "startTime".');
      continue;
    }
    if (typeof v !== 'string' || !zone || !readTriggerTime(v, zone)) {
      if (zone) c.add('invalidTime', [...base, key], `"${key}" must be an ISO 8601 date-time such as "2024-01-01T06:00:00${isUtc ? 'Z' : ''}".`);
      continue;
    }
    if (!isUtc && hasZoneDesignator(v)) c.add('zoneDesignatorNotAllowed', [...base, key], `With time zone "${tzName}", "${key}" is local time and must not carry "Z" or an offset: write "${v.replace(/(Z|[+-]\d{2}:?\d{2})$/i, '')}".`);
    if (isUtc && !hasZoneDesignator(v)) c.add('utcWithoutZ', [...base, key], `With time zone UTC, ADF expects "${key}" to end with "Z" ("${v}Z").`);
  }
  if (zone && typeof rec.startTime === 'string' && typeof rec.endTime === 'string') {
    const s = readTriggerTime(rec.startTime, zone);
    const e = readTriggerTime(rec.endTime, zone);
    if (s && e && e <= s) c.add('endBeforeStart', [...base, 'endTime'], '"endTime" must be after "startTime".');
  }
  const sch = rec.schedule;
  if (sch === undefined) return;
  const sp: JsonPath = [...base, 'schedule'];
  if (!isObj(sch)) return c.add('invalidScheduleValue', sp, '"schedule" must be an object.');
  checkIntList(c, [...sp, 'minutes'], sch.minutes, 0, 59, 'minute');
  checkIntList(c, [...sp, 'hours'], sch.hours, 0, 23, 'hour');
  checkIntList(c, [...sp, 'monthDays'], sch.monthDays, -31, 31, 'day of month', false);
  if (sch.weekDays !== undefined) {
    if (!Array.isArray(sch.weekDays)) c.add('invalidScheduleValue', [...sp, 'weekDays'], '"weekDays" must be an array of day names.');
    // Day names are checked by the schema (ADF1003).
  }
  if (sch.monthlyOccurrences !== undefined) {
    if (!Array.isArray(sch.monthlyOccurrences)) c.add('invalidScheduleValue', [...sp, 'monthlyOccurrences'], '"monthlyOccurrences" must be an array of {"day", "occurrence"}.');
    else
      sch.monthlyOccurrences.forEach((o: unknown, i: number) => {
        const p = [...sp, 'monthlyOccurrences', i];
        if (!isObj(o) || !weekDayOf(o.day)) return c.add('invalidScheduleValue', p, 'Each monthly occurrence needs "day": a day of the week.');
        if (o.occurrence !== undefined && (!Number.isInteger(o.occurrence) || o.occurrence === 0 || o.occurrence < -5 || o.occurrence > 5)) {
          c.add('invalidScheduleValue', [...p, 'occurrence'], '"occurrence" must be 1..5 (from the start of the month) or -1..-5 (from its end).');
        }
      });
  }
  if (freq) {
    const has = (k: string) => Array.isArray(sch[k]) && sch[k].length > 0;
    if (freq === 'Minute' && Object.keys(sch).some(has)) c.add('scheduleFieldIgnored', sp, 'A schedule is not used with frequency "Minute"; use frequency "Hour", "Day", "Week" or "Month".');
    if (has('weekDays') && freq !== 'Week') c.add('scheduleFieldIgnored', [...sp, 'weekDays'], `"weekDays" applies to frequency "Week" (this recurrence is "${freq}").`);
    for (const k of ['monthDays', 'monthlyOccurrences']) if (has(k) && freq !== 'Month') c.add('scheduleFieldFrequency', [...sp, k], `"${k}" applies to frequency "Month" only (this recurrence is "${freq}").`);
    if (freq === 'Hour' && has('hours')) c.add('scheduleFieldIgnored', [...sp, 'hours'], '"hours" with frequency "Hour" only filters which hours fire; use frequency "Day" to pick hours of the day.');
  }
  // A valid schedule that can never fire (e.g. the 30th of February every 12 months).
  const recurrence = readRecurrence(rec);
  const startDt = zone && typeof rec.startTime === 'string' ? readTriggerTime(rec.startTime, zone) : undefined;
  if (recurrence && startDt) {
    const r = scheduleFireTimes(recurrence, { from: startDt.toJSDate(), count: 1 });
    if (!r.error && !r.fireTimes.length) c.add('neverFires', sp, 'This trigger never fires: no time between startTime and endTime matches the schedule.');
  }
}

function checkTumbling(factory: Factory, r: Resource, tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties'];
  if (!TUMBLING_FREQUENCIES.some((f) => typeof tp.frequency === 'string' && f.toLowerCase() === tp.frequency.toLowerCase())) {
    c.add('invalidTumblingWindow', [...base, 'frequency'], `"frequency" of a TumblingWindowTrigger must be one of ${TUMBLING_FREQUENCIES.join(', ')} (use 24 Hour for a daily window).`);
  }
  if (typeof tp.interval !== 'number' || !Number.isInteger(tp.interval) || tp.interval < 1) c.add('invalidTumblingWindow', [...base, 'interval'], '"interval" must be a positive integer.');
  for (const key of ['startTime', 'endTime']) {
    const v = tp[key];
    if (v === undefined) {
      if (key === 'startTime') c.add('invalidTumblingWindow', base, 'A TumblingWindowTrigger needs a "startTime" (UTC).');
      continue;
    }
    if (typeof v !== 'string' || !readTriggerTime(v, 'UTC')) c.add('invalidTumblingWindow', [...base, key], `"${key}" must be an ISO 8601 UTC date-time such as "2024-01-01T00:00:00Z".`);
    else if (!hasZoneDesignator(v)) c.add('utcWithoutZ', [...base, key], `Tumbling windows are in UTC; write "${v}Z".`);
  }
  if (typeof tp.startTime === 'string' && typeof tp.endTime === 'string') {
    const s = readTriggerTime(tp.startTime, 'UTC');
    const e = readTriggerTime(tp.endTime, 'UTC');
    if (s && e && e <= s) c.add('endBeforeStart', [...base, 'endTime'], '"endTime" must be after "startTime".');
  }
  if (tp.delay !== undefined && (parseTimeSpan(tp.delay) === undefined || (parseTimeSpan(tp.delay) as number) < 0)) {
    c.add('invalidTumblingWindow', [...base, 'delay'], '"delay" must be a non-negative time span "hh:mm:ss" (or "d.hh:mm:ss").');
  }
  // maxConcurrency 1..50 is checked by the schema (ADF1005).
  if (tp.retryPolicy !== undefined) {
    const rp = tp.retryPolicy;
    if (!isObj(rp)) c.add('invalidTumblingWindow', [...base, 'retryPolicy'], '"retryPolicy" must be {"count", "intervalInSeconds"}.');
    else {
      if (rp.count !== undefined && (!Number.isInteger(rp.count) || rp.count < 0)) c.add('invalidTumblingWindow', [...base, 'retryPolicy', 'count'], '"count" must be a non-negative integer.');
      if (rp.intervalInSeconds !== undefined && (!Number.isInteger(rp.intervalInSeconds) || rp.intervalInSeconds < 30)) {
        c.add('retryInterval', [...base, 'retryPolicy', 'intervalInSeconds'], '"intervalInSeconds" should be an integer of at least 30.');
      }
    }
  }
  if (tp.dependsOn === undefined) return;
  if (!Array.isArray(tp.dependsOn)) return c.add('invalidDependency', [...base, 'dependsOn'], '"dependsOn" must be an array of dependency references.');
  tp.dependsOn.forEach((d: unknown, i: number) => {
    const p: JsonPath = [...base, 'dependsOn', i];
    if (!isObj(d)) return c.add('invalidDependency', p, 'A dependency must be an object.');
    const offset = d.offset === undefined ? undefined : parseTimeSpan(d.offset);
    if (d.offset !== undefined && offset === undefined) c.add('invalidDependency', [...p, 'offset'], '"offset" must be a time span such as "-01:00:00".');
    if (d.size !== undefined) {
      const size = parseTimeSpan(d.size);
      if (size === undefined || size <= 0) c.add('invalidDependency', [...p, 'size'], '"size" must be a positive time span such as "02:00:00".');
    }
    if (d.type === 'SelfDependencyTumblingWindowTriggerReference') {
      // A positive offset text is rejected by the schema's pattern; a zero or missing one only here.
      if (offset === undefined ? d.offset === undefined : offset === 0) c.add('invalidDependency', [...p, 'offset'], 'A self-dependency needs a negative "offset" (an earlier window of this trigger).');
    } else if (d.type === 'TumblingWindowTriggerDependencyReference') {
      const name = isObj(d.referenceTrigger) ? d.referenceTrigger.referenceName : undefined;
      if (typeof name !== 'string') return c.add('invalidDependency', p, 'A dependency needs "referenceTrigger": {"referenceName": "...", "type": "TriggerReference"}.');
      const target = findResource(factory, 'trigger', name);
      if (!target) c.add('invalidDependency', [...p, 'referenceTrigger', 'referenceName'], `Trigger "${name}" does not exist in this factory.`);
      else if (target.type !== 'TumblingWindowTrigger') c.add('invalidDependency', [...p, 'referenceTrigger', 'referenceName'], `Trigger "${name}" is a ${target.type ?? 'trigger without type'}; dependencies must reference TumblingWindowTriggers.`);
      else if (target.name.toLowerCase() === r.name.toLowerCase()) c.add('invalidDependency', [...p, 'type'], 'Use "SelfDependencyTumblingWindowTriggerReference" to depend on this trigger itself.');
    } else c.add('invalidDependency', [...p, 'type'], '"type" must be "TumblingWindowTriggerDependencyReference" or "SelfDependencyTumblingWindowTriggerReference".');
  });
}

function checkBlob(tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties'];
  const begins = tp.blobPathBeginsWith;
  const ends = tp.blobPathEndsWith;
  if (begins === undefined && ends === undefined) c.add('invalidBlobEvent', base, 'Set "blobPathBeginsWith" and/or "blobPathEndsWith" ("/container/blobs/folder/").');
  if (begins !== undefined && (typeof begins !== 'string' || !/^\/[^/]+\/blobs\//.test(begins))) {
    c.add('invalidBlobEvent', [...base, 'blobPathBeginsWith'], '"blobPathBeginsWith" must look like "/<container>/blobs/<path prefix>".');
  }
  if (ends !== undefined && (typeof ends !== 'string' || !ends)) c.add('invalidBlobEvent', [...base, 'blobPathEndsWith'], '"blobPathEndsWith" must be a non-empty string such as ".csv".');
  if (!Array.isArray(tp.events) || !tp.events.length) c.add('invalidBlobEvent', [...base, 'events'], `"events" must list ${BLOB_EVENTS.join(' and/or ')}.`);
  else tp.events.forEach((e: unknown, i: number) => BLOB_EVENTS.includes(e as string) || c.add('invalidBlobEvent', [...base, 'events', i], `Unknown blob event ${JSON.stringify(e)}; use ${BLOB_EVENTS.join(' or ')}.`));
  if (typeof tp.scope !== 'string' || !/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i.test(tp.scope)) {
    c.add('blobScope', [...base, 'scope'], '"scope" should be the storage account resource id (/subscriptions/…/providers/Microsoft.Storage/storageAccounts/<name>).');
  }
}

function checkCustom(tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties'];
  if (!Array.isArray(tp.events) || !tp.events.length) c.add('invalidCustomEvent', [...base, 'events'], '"events" must list the event types that start the pipelines.');
  if (typeof tp.scope !== 'string' || !/Microsoft\.EventGrid\/topics\//i.test(tp.scope)) c.add('customEventScope', [...base, 'scope'], '"scope" should be an Event Grid topic resource id.');
}

/** Warns about trigger() / triggerBody() members that do not exist for this trigger type. */
function checkTriggerFunctions(r: Resource, c: Collector): void {
  const props = r.properties;
  const entries: [JsonPath, unknown][] = [];
  if (isObj(props.pipeline) && isObj(props.pipeline.parameters)) for (const [k, v] of Object.entries(props.pipeline.parameters)) entries.push([['properties', 'pipeline', 'parameters', k], v]);
  if (Array.isArray(props.pipelines))
    props.pipelines.forEach((p: any, i: number) => {
      if (isObj(p) && isObj(p.parameters)) for (const [k, v] of Object.entries(p.parameters)) entries.push([['properties', 'pipelines', i, 'parameters', k], v]);
    });
  for (const [path, v] of entries) {
    const text = typeof v === 'string' ? v : isObj(v) && typeof v.value === 'string' ? v.value : '';
    if (!text) continue;
    if (/trigger\(\)\s*\.\s*outputs\s*\.\s*window(Start|End)Time/i.test(text) && r.type !== 'TumblingWindowTrigger') {
      c.add('triggerPropertyUnavailable', path, 'trigger().outputs.windowStartTime / windowEndTime exist only for TumblingWindowTriggers.');
    }
    if (/triggerBody\(\)/i.test(text) && r.type !== 'BlobEventsTrigger' && r.type !== 'CustomEventsTrigger') {
      c.add('triggerPropertyUnavailable', path, 'triggerBody() exists only for event triggers (BlobEventsTrigger, CustomEventsTrigger).');
    }
    if (/trigger\(\)\s*\.\s*scheduledTime/i.test(text) && r.type !== 'ScheduleTrigger' && r.type !== 'TumblingWindowTrigger') {
      c.add('triggerPropertyUnavailable', path, 'trigger().scheduledTime exists only for schedule and tumbling-window triggers.');
    }
  }
}

/** A tumbling-window dependency cycle through `start` (self-dependencies excluded), reported on `start`. */
function dependencyCycles(factory: Factory, start: Resource): Diagnostic[] {
  const deps = (r: Resource): string[] => {
    // Raw references, so a cycle is found even when other properties are invalid.
    const list = isObj(r.properties.typeProperties) && Array.isArray(r.properties.typeProperties.dependsOn) ? r.properties.typeProperties.dependsOn : [];
    return list
      .filter((d: any) => isObj(d) && d.type === 'TumblingWindowTriggerDependencyReference' && isObj(d.referenceTrigger) && typeof d.referenceTrigger.referenceName === 'string')
      .map((d: any) => String(d.referenceTrigger.referenceName));
  };
  // Breadth-first search from start's dependencies back to start, keeping the path.
  const prev = new Map<string, string>();
  const key = (n: string) => n.toLowerCase();
  const queue: Resource[] = [];
  for (const n of deps(start)) {
    const t = findResource(factory, 'trigger', n);
    if (t && t.type === 'TumblingWindowTrigger' && !prev.has(key(t.name))) {
      prev.set(key(t.name), start.name);
      queue.push(t);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i];
    if (key(cur.name) === key(start.name)) {
      const cycle = [cur.name];
      for (let n = prev.get(key(cur.name)); n !== undefined && key(n) !== key(start.name); n = prev.get(key(n))) cycle.unshift(n);
      cycle.unshift(start.name);
      return [{ file: start.file, ...rangeAt(start.doc, ['properties', 'typeProperties', 'dependsOn']), severity: severityOf(TriggerCodes.invalidDependency), code: TriggerCodes.invalidDependency, source: 'trigger', message: `Tumbling-window dependency cycle: ${cycle.join(' → ')}. No window of these triggers could ever run.` }];
    }
    for (const n of deps(cur)) {
      const t = findResource(factory, 'trigger', n);
      if (t && t.type === 'TumblingWindowTrigger' && !prev.has(key(t.name))) {
        prev.set(key(t.name), cur.name);
        queue.push(t);
      }
    }
  }
  return [];
}
