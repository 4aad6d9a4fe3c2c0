/**
 * Streaming splitter for JSON documents: yields each top-level value of a stream that holds JSON Lines,
 * concatenated objects (setOfObjects) or one array of objects (arrayOfObjects, yielding its elements),
 * without holding the whole file. Each value is parsed with JSON.parse.
 */

export class JsonScanner {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private topArray: boolean | undefined;
  private pos = 0;
  /** 1-based line of the scan position, for messages. */
  line = 1;
  private valueLine = 1;

  constructor(private readonly fileLabel: string) {}

  /** Feeds text; returns the complete values found so far. */
  push(text: string): unknown[] {
    this.buf += text;
    const out: unknown[] = [];
    const s = this.buf;
    let i = this.pos;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (this.topArray === undefined && this.depth === 0 && this.start < 0) {
        if (c === 91) {
          this.topArray = true;
          this.depth = 1;
          continue;
        }
        this.topArray = false;
      }
      const b = this.topArray ? 1 : 0;
      if (this.depth === b && this.start < 0) {
        if (c === 44 && this.topArray) continue; // ',' between array elements
        if (c === 93 && this.topArray) {
          this.depth = 0; // end of the top-level array
          continue;
        }
        this.start = i;
        this.valueLine = this.line;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
      const atEnd = this.depth === b && this.start >= 0 && (c === 125 || c === 93 || c === 34 || this.scalarEnds(s, i));
      if (atEnd && !this.inString) {
        out.push(this.parse(s.slice(this.start, i + 1)));
        this.start = -1;
      }
    }
    // Keep only the unfinished value.
    if (this.start >= 0) {
      this.buf = s.slice(this.start);
      this.start = 0;
    } else this.buf = '';
    this.pos = this.buf.length;
    return out;
  }

  /** Call at end of input: fails on a truncated value. */
  end(): unknown[] {
    const rest = this.buf.trim();
    if (this.inString || this.depth !== 0) {
      throw new Error(`${this.fileLabel}: the JSON ends inside a value that starts on line ${this.valueLine}: the file is truncated or not valid JSON.`);
    }
    if (rest) return [this.parse(rest)];
    return [];
  }

  /** A bare scalar (number, true, false, null) ends before whitespace, ',' or ']'. */
  private scalarEnds(s: string, i: number): boolean {
    const c = s.charCodeAt(i);
    if (c === 125 || c === 93 || c === 34) return false;
    const n = s.charCodeAt(i + 1);
    if (Number.isNaN(n)) return false;
    return n === 32 || n === 9 || n === 10 || n === 13 || n === 44 || n === 93;
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`${this.fileLabel}: invalid JSON in the value starting on line ${this.valueLine}: ${(e as Error).message}`);
    }
  }
}
