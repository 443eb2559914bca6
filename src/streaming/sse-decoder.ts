/**
 * One incremental Server-Sent Events decoder for every upstream
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 * Bytes in, events out; tolerant of CRLF, comments, multi-line data and chunk boundaries that
 * split a line or a multi-byte character.
 */

export interface SseEvent {
  event: string | null;
  data: string;
  id: string | null;
}

export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private event: string | null = null;
  private data: string[] = [];
  private id: string | null = null;

  /** Characters held for the event being assembled (its unfinished line and data lines so far). */
  get pendingChars(): number {
    let n = this.buffer.length;
    for (const d of this.data) n += d.length;
    return n;
  }

  /** Feed a chunk of bytes; returns the events completed by it. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = this.buffer.indexOf('\n', start);
      const cr = this.buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        // A lone CR at the very end may be the first half of CRLF: wait for more bytes.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (nl !== -1) {
        end = nl;
        next = nl + 1;
      } else break;
      this.line(this.buffer.slice(start, end), events);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** End of stream: a final event without its blank line is still dispatched (lenient, as browsers are not; upstreams sometimes omit it). */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    this.buffer += this.decoder.decode();
    if (this.buffer.length > 0) this.line(this.buffer, events);
    this.buffer = '';
    this.dispatch(events);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') return this.dispatch(events);
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        this.id = value;
        break;
      default:
        break; // `retry` and unknown fields do not matter to a proxy
    }
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data.length > 0 || this.event !== null) {
      events.push({ event: this.event, data: this.data.join('\n'), id: this.id });
    }
    this.event = null;
    this.data = [];
  }
}
