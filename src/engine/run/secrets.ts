/**
 * Secret masking. Every value that must never be shown (linked-service keys, connection strings, SAS tokens,
 * bearer tokens, SecureString parameters, secureInput/secureOutput values) is registered here; records,
 * events, logs and error messages pass through mask() before they leave the engine.
 */
import { SECRET_KEY, secretPartsOf } from '../secrets';

export const MASK = '***';
const MIN_SECRET_LENGTH = 4;

export class Masker {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;
  private dirty = false;

  get size(): number {
    return this.secrets.size;
  }

  /** Registers one secret string (and, for connection strings and URLs, their secret parts). */
  addSecret(value: unknown): void {
    if (typeof value !== 'string') {
      if (value !== null && typeof value === 'object') this.addAll(value);
      return;
    }
    const v = value.trim();
    if (v.length < MIN_SECRET_LENGTH || this.secrets.has(v)) return;
    this.secrets.add(v);
    this.dirty = true;
    for (const part of secretPartsOf(v)) this.addSecret(part);
  }

  /** Registers every string leaf of a value (secureInput/secureOutput). */
  addAll(value: unknown, depth = 0): void {
    if (depth > 64) return;
    if (typeof value === 'string') this.addSecret(value);
    else if (Array.isArray(value)) for (const v of value) this.addAll(v, depth + 1);
    else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) this.addAll(v, depth + 1);
  }

  /** Registers string values found under secret-looking property names (password, accountKey, ...). */
  addByKeyNames(value: unknown, depth = 0): void {
    if (depth > 64 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) this.addByKeyNames(v, depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (obj.type === 'SecureString' && typeof obj.value === 'string') this.addSecret(obj.value);
    for (const [k, v] of Object.entries(obj)) {
      if (SECRET_KEY.test(k) && typeof v === 'string') this.addSecret(v);
      else if (SECRET_KEY.test(k) && v && typeof v === 'object' && typeof (v as Record<string, unknown>).value === 'string') this.addSecret((v as Record<string, unknown>).value);
      else this.addByKeyNames(v, depth + 1);
    }
  }

  /** Replaces every registered secret in a string. */
  maskText(text: string): string {
    if (!this.secrets.size) return text;
    const re = this.regex();
    re.lastIndex = 0;
    return text.replace(re, MASK);
  }

  /** Deep copy of a value with every secret masked (strings and object keys). */
  mask<T>(value: T): T {
    if (!this.secrets.size) return value;
    return this.maskDeep(value, 0) as T;
  }

  private maskDeep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.maskText(value);
    if (value === null || typeof value !== 'object' || depth > 200) return value;
    if (Array.isArray(value)) return value.map((v) => this.maskDeep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.maskText(k)] = this.maskDeep(v, depth + 1);
    return out;
  }

  private regex(): RegExp {
    if (!this.pattern || this.dirty) {
      const alts = [...this.secrets].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.pattern = new RegExp(alts.join('|'), 'g');
      this.dirty = false;
    }
    return this.pattern;
  }
}
