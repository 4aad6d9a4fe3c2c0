/**
 * Semantic checks of trigger resources (codes ADF6xxx). Never throws: returns diagnostics with the range of
 * the offending JSON node and a message that says how to fix it.
 */
import { rangeAt, type JsonPath } from '../json';
import type { Diagnostic } from '../diagnostics';
import { formatMessage, TriggerCodes, severityOf, type MessageParams } from '../codes';
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
  /** A diagnostic of the catalogue's trigger band: its message is the code's template (or variant), its severity the catalogue's. */
  add(key: keyof typeof TriggerCodes, path: JsonPath, params: MessageParams = {}, variant?: string, data?: Record<string, unknown>): void {
    const code = TriggerCodes[key];
    this.out.push({ file: this.r.file, ...rangeAt(this.r.doc, path), severity: severityOf(code), code, source: 'trigger', message: formatMessage(code, params, variant), path, data });
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
    c.add('missingType', ['properties'], { name: r.name, types: TRIGGER_TYPES.join(', ') });
    return c.out;
  }
  if (!(TRIGGER_TYPES as readonly string[]).includes(r.type)) {
    c.add('typeNotModelled', ['properties', 'type'], { type: r.type, types: TRIGGER_TYPES.join(', ') });
    return c.out;
  }
  if (!tp) {
    c.add('missingTypeProperties', ['properties'], { name: r.name });
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
    if (!isObj(props.pipeline)) c.add('tumblingPipeline', ['properties'], {});
  } else if (props.pipelines !== undefined && !Array.isArray(props.pipelines)) {
    c.add('pipelinesNotArray', ['properties', 'pipelines'], {});
  } else if (!def.pipelines.length) {
    c.add('noPipeline', ['properties'], { name: r.name });
  }
  for (const p of def.pipelines) {
    // A missing pipeline is reported by the reference checks (ADF2001).
    const pipe = findResource(factory, 'pipeline', p.pipelineName);
    if (!pipe) continue;
    const declared = isObj(pipe.properties.parameters) ? (pipe.properties.parameters as Record<string, any>) : {};
    for (const name of Object.keys(p.parameters)) {
      if (declaredParameterName(declared, name) === undefined) c.add('undeclaredParameter', [...p.path, 'parameters', name], { pipeline: pipe.name, name }, undefined, { pipeline: pipe.name, parameter: name });
    }
    // Required parameters the trigger does not set are reported by the reference checks.
  }
}

function checkIntList(c: Collector, path: JsonPath, v: unknown, min: number, max: number, what: string, allowZero = true): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return c.add('invalidScheduleValue', path, { key: String(path[path.length - 1]), what }, 'notArray');
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max || (!allowZero && x === 0)) {
      c.add('invalidScheduleValue', [...path, i], { value: JSON.stringify(x), what, range: `${min}..${max}${allowZero ? '' : ', not 0'}` });
    }
  });
}

function checkSchedule(tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties', 'recurrence'];
  const rec = tp.recurrence;
  if (!isObj(rec)) return c.add('invalidRecurrence', ['properties', 'typeProperties'], {});
  const freq = SCHEDULE_FREQUENCIES.find((f) => typeof rec.frequency === 'string' && f.toLowerCase() === rec.frequency.toLowerCase());
  if (!freq) c.add('invalidRecurrence', [...base, 'frequency'], { values: SCHEDULE_FREQUENCIES.join(', ') }, 'frequency');
  if (rec.interval !== undefined && (typeof rec.interval !== 'number' || !Number.isInteger(rec.interval) || rec.interval < 1)) {
    c.add('invalidRecurrence', [...base, 'interval'], {}, 'interval');
  }
  const tzName = typeof rec.timeZone === 'string' && rec.timeZone ? rec.timeZone : 'UTC';
  const zone = ianaZone(tzName);
  if (!zone) c.add('unknownTimeZone', [...base, 'timeZone'], { name: tzName });
  const isUtc = zone === 'UTC';
  for (const key of ['startTime', 'endTime'] as const) {
    const v = rec[key];
    if (v === undefined) {
      if (key === 'startTime') c.add('invalidTime', base, {}, 'missingStart');
      continue;
    }
    if (typeof v !== 'string' || !zone || !readTriggerTime(v, zone)) {
      if (zone) c.add('invalidTime', [...base, key], { key, example: `2024-01-01T06:00:00${isUtc ? 'Z' : ''}` });
      continue;
    }
    if (!isUtc && hasZoneDesignator(v)) c.add('zoneDesignatorNotAllowed', [...base, key], { zone: tzName, key, local: v.replace(/(Z|[+-]\d{2}:?\d{2})$/i, '') });
    if (isUtc && !hasZoneDesignator(v)) c.add('utcWithoutZ', [...base, key], { key, value: v });
  }
  if (zone && typeof rec.startTime === 'string' && typeof rec.endTime === 'string') {
    const s = readTriggerTime(rec.startTime, zone);
    const e = readTriggerTime(rec.endTime, zone);
    if (s && e && e <= s) c.add('endBeforeStart', [...base, 'endTime']);
  }
  const sch = rec.schedule;
  if (sch === undefined) return;
  const sp: JsonPath = [...base, 'schedule'];
  if (!isObj(sch)) return c.add('invalidScheduleValue', sp, {}, 'schedule');
  checkIntList(c, [...sp, 'minutes'], sch.minutes, 0, 59, 'minute');
  checkIntList(c, [...sp, 'hours'], sch.hours, 0, 23, 'hour');
  checkIntList(c, [...sp, 'monthDays'], sch.monthDays, -31, 31, 'day of month', false);
  if (sch.weekDays !== undefined) {
    if (!Array.isArray(sch.weekDays)) c.add('invalidScheduleValue', [...sp, 'weekDays'], {}, 'weekDays');
    // Day names are checked by the schema (ADF1003).
  }
  if (sch.monthlyOccurrences !== undefined) {
    if (!Array.isArray(sch.monthlyOccurrences)) c.add('invalidScheduleValue', [...sp, 'monthlyOccurrences'], {}, 'monthlyOccurrences');
    else
      sch.monthlyOccurrences.forEach((o: unknown, i: number) => {
        const p = [...sp, 'monthlyOccurrences', i];
        if (!isObj(o) || !weekDayOf(o.day)) return c.add('invalidScheduleValue', p, {}, 'occurrenceDay');
        if (o.occurrence !== undefined && (!Number.isInteger(o.occurrence) || o.occurrence === 0 || o.occurrence < -5 || o.occurrence > 5)) {
          c.add('invalidScheduleValue', [...p, 'occurrence'], {}, 'occurrence');
        }
      });
  }
  if (freq) {
    const has = (k: string) => Array.isArray(sch[k]) && sch[k].length > 0;
    if (freq === 'Minute' && Object.keys(sch).some(has)) c.add('scheduleFieldIgnored', sp, {}, 'minute');
    if (has('weekDays') && freq !== 'Week') c.add('scheduleFieldIgnored', [...sp, 'weekDays'], { key: 'weekDays', frequency: 'Week', actual: String(freq) });
    for (const k of ['monthDays', 'monthlyOccurrences']) if (has(k) && freq !== 'Month') c.add('scheduleFieldFrequency', [...sp, k], { key: k, frequency: String(freq) });
    if (freq === 'Hour' && has('hours')) c.add('scheduleFieldIgnored', [...sp, 'hours'], {}, 'hours');
  }
  // A valid schedule that can never fire (e.g. the 30th of February every 12 months).
  const recurrence = readRecurrence(rec);
  const startDt = zone && typeof rec.startTime === 'string' ? readTriggerTime(rec.startTime, zone) : undefined;
  if (recurrence && startDt) {
    const r = scheduleFireTimes(recurrence, { from: startDt.toJSDate(), count: 1 });
    if (!r.error && !r.fireTimes.length) c.add('neverFires', sp, {});
  }
}

function checkTumbling(factory: Factory, r: Resource, tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties'];
  if (!TUMBLING_FREQUENCIES.some((f) => typeof tp.frequency === 'string' && f.toLowerCase() === tp.frequency.toLowerCase())) {
    c.add('invalidTumblingWindow', [...base, 'frequency'], { values: TUMBLING_FREQUENCIES.join(', ') });
  }
  if (typeof tp.interval !== 'number' || !Number.isInteger(tp.interval) || tp.interval < 1) c.add('invalidTumblingWindow', [...base, 'interval'], {}, 'interval');
  for (const key of ['startTime', 'endTime']) {
    const v = tp[key];
    if (v === undefined) {
      if (key === 'startTime') c.add('invalidTumblingWindow', base, {}, 'missingStart');
      continue;
    }
    if (typeof v !== 'string' || !readTriggerTime(v, 'UTC')) c.add('invalidTumblingWindow', [...base, key], { key }, 'time');
    else if (!hasZoneDesignator(v)) c.add('utcWithoutZ', [...base, key], { value: v }, 'tumbling');
  }
  if (typeof tp.startTime === 'string' && typeof tp.endTime === 'string') {
    const s = readTriggerTime(tp.startTime, 'UTC');
    const e = readTriggerTime(tp.endTime, 'UTC');
    if (s && e && e <= s) c.add('endBeforeStart', [...base, 'endTime']);
  }
  if (tp.delay !== undefined && (parseTimeSpan(tp.delay) === undefined || (parseTimeSpan(tp.delay) as number) < 0)) {
    c.add('invalidTumblingWindow', [...base, 'delay'], {}, 'delay');
  }
  // maxConcurrency 1..50 is checked by the schema (ADF1005).
  if (tp.retryPolicy !== undefined) {
    const rp = tp.retryPolicy;
    if (!isObj(rp)) c.add('invalidTumblingWindow', [...base, 'retryPolicy'], {}, 'retryPolicy');
    else {
      if (rp.count !== undefined && (!Number.isInteger(rp.count) || rp.count < 0)) c.add('invalidTumblingWindow', [...base, 'retryPolicy', 'count'], {}, 'retryCount');
      if (rp.intervalInSeconds !== undefined && (!Number.isInteger(rp.intervalInSeconds) || rp.intervalInSeconds < 30)) {
        c.add('retryInterval', [...base, 'retryPolicy', 'intervalInSeconds'], {});
      }
    }
  }
  if (tp.dependsOn === undefined) return;
  if (!Array.isArray(tp.dependsOn)) return c.add('invalidDependency', [...base, 'dependsOn'], {}, 'notArray');
  tp.dependsOn.forEach((d: unknown, i: number) => {
    const p: JsonPath = [...base, 'dependsOn', i];
    if (!isObj(d)) return c.add('invalidDependency', p, {}, 'notObject');
    const offset = d.offset === undefined ? undefined : parseTimeSpan(d.offset);
    if (d.offset !== undefined && offset === undefined) c.add('invalidDependency', [...p, 'offset'], {}, 'offset');
    if (d.size !== undefined) {
      const size = parseTimeSpan(d.size);
      if (size === undefined || size <= 0) c.add('invalidDependency', [...p, 'size'], {}, 'size');
    }
    if (d.type === 'SelfDependencyTumblingWindowTriggerReference') {
      // A positive offset text is rejected by the schema's pattern; a zero or missing one only here.
      if (offset === undefined ? d.offset === undefined : offset === 0) c.add('invalidDependency', [...p, 'offset'], {}, 'selfOffset');
    } else if (d.type === 'TumblingWindowTriggerDependencyReference') {
      const name = isObj(d.referenceTrigger) ? d.referenceTrigger.referenceName : undefined;
      if (typeof name !== 'string') return c.add('invalidDependency', p, {}, 'reference');
      const target = findResource(factory, 'trigger', name);
      if (!target) c.add('invalidDependency', [...p, 'referenceTrigger', 'referenceName'], { name }, 'missing');
      else if (target.type !== 'TumblingWindowTrigger') c.add('invalidDependency', [...p, 'referenceTrigger', 'referenceName'], { name, type: target.type ?? 'trigger without type' }, 'notTumbling');
      else if (target.name.toLowerCase() === r.name.toLowerCase()) c.add('invalidDependency', [...p, 'type'], {}, 'self');
    } else c.add('invalidDependency', [...p, 'type'], {}, 'type');
  });
}

function checkBlob(tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties'];
  const begins = tp.blobPathBeginsWith;
  const ends = tp.blobPathEndsWith;
  if (begins === undefined && ends === undefined) c.add('invalidBlobEvent', base, {}, 'path');
  if (begins !== undefined && (typeof begins !== 'string' || !/^\/[^/]+\/blobs\//.test(begins))) {
    c.add('invalidBlobEvent', [...base, 'blobPathBeginsWith'], {}, 'beginsWith');
  }
  if (ends !== undefined && (typeof ends !== 'string' || !ends)) c.add('invalidBlobEvent', [...base, 'blobPathEndsWith'], {}, 'endsWith');
  if (!Array.isArray(tp.events) || !tp.events.length) c.add('invalidBlobEvent', [...base, 'events'], { events: BLOB_EVENTS.join(' and/or ') }, 'events');
  else tp.events.forEach((e: unknown, i: number) => BLOB_EVENTS.includes(e as string) || c.add('invalidBlobEvent', [...base, 'events', i], { value: JSON.stringify(e), events: BLOB_EVENTS.join(' or ') }));
  if (typeof tp.scope !== 'string' || !/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i.test(tp.scope)) {
    c.add('blobScope', [...base, 'scope'], {});
  }
}

function checkCustom(tp: Record<string, any>, c: Collector): void {
  const base: JsonPath = ['properties', 'typeProperties'];
  if (!Array.isArray(tp.events) || !tp.events.length) c.add('invalidCustomEvent', [...base, 'events'], {});
  if (typeof tp.scope !== 'string' || !/Microsoft\.EventGrid\/topics\//i.test(tp.scope)) c.add('customEventScope', [...base, 'scope'], {});
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
      c.add('triggerPropertyUnavailable', path, {}, 'windowTimes');
    }
    if (/triggerBody\(\)/i.test(text) && r.type !== 'BlobEventsTrigger' && r.type !== 'CustomEventsTrigger') {
      c.add('triggerPropertyUnavailable', path, { property: 'triggerBody()', triggers: 'event triggers (BlobEventsTrigger, CustomEventsTrigger)' });
    }
    if (/trigger\(\)\s*\.\s*scheduledTime/i.test(text) && r.type !== 'ScheduleTrigger' && r.type !== 'TumblingWindowTrigger') {
      c.add('triggerPropertyUnavailable', path, { property: 'trigger().scheduledTime', triggers: 'schedule and tumbling-window triggers' });
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
      return [{ file: start.file, ...rangeAt(start.doc, ['properties', 'typeProperties', 'dependsOn']), severity: severityOf(TriggerCodes.invalidDependency), code: TriggerCodes.invalidDependency, source: 'trigger', message: formatMessage(TriggerCodes.invalidDependency, { cycle: cycle.join(' → ') }) }];
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
