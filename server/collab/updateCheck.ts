/**
 * A structural check of a Yjs update (format V1) against its real size, before Yjs sees it.
 *
 * Yjs's V1 decoder trusts the counts in an update: `new Array(numberOfStructs)` is allocated from
 * a varint, so an 8-byte update can make it allocate ~160 MB and stall the event loop for half a
 * second — for every room on the server. This walks the same grammar without building anything:
 * every count must fit in the bytes that are really left, nesting is bounded, and content types
 * Duet never uses (sub-documents) are refused. Only updates that pass are applied.
 * (The V2 decoding APIs are never called on client data: yjs issue 687, an infinite loop.)
 */
import * as decoding from 'lib0/decoding';
import { MalformedMessage } from './messages.js';

const MAX_ANY_DEPTH = 32;

function malformed(why: string): never {
  throw new MalformedMessage(`invalid update: ${why}`);
}

class Walker {
  private readonly d: decoding.Decoder;

  constructor(update: Uint8Array) {
    this.d = decoding.createDecoder(update);
  }

  get left(): number {
    return this.d.arr.length - this.d.pos;
  }

  get done(): boolean {
    return this.d.pos === this.d.arr.length;
  }

  uint(): number {
    try {
      return decoding.readVarUint(this.d);
    } catch {
      return malformed('truncated varint');
    }
  }

  /** A count of things that each take at least one byte: it cannot exceed the bytes left. */
  count(what: string): number {
    const n = this.uint();
    if (n > this.left) malformed(`${what} count ${n} exceeds the ${this.left} bytes left`);
    return n;
  }

  byte(): number {
    if (this.left < 1) malformed('unexpected end');
    return decoding.readUint8(this.d);
  }

  skip(bytes: number, what: string): void {
    if (bytes > this.left) malformed(`${what} length ${bytes} exceeds the ${this.left} bytes left`);
    this.d.pos += bytes;
  }

  /** varString / varUint8Array: a length, then that many bytes. */
  bytes(what: string): void {
    this.skip(this.uint(), what);
  }

  varInt(): void {
    // lib0 varInt: continuation bit 0x80 on every byte but the last.
    for (let i = 0; ; i++) {
      if (i > 9) malformed('varint too long');
      if ((this.byte() & 0x80) === 0) return;
    }
  }

  /** lib0 `readAny`, iteratively bounded in depth (deep nesting would overflow the stack). */
  any(depth = 0): void {
    if (depth > MAX_ANY_DEPTH) malformed('nesting too deep');
    const type = this.byte();
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125:
        return this.varInt();
      case 124:
        return this.skip(4, 'float32');
      case 123:
      case 122:
        return this.skip(8, 'float64/bigint');
      case 119:
        return this.bytes('string');
      case 118: {
        const n = this.count('object key');
        for (let i = 0; i < n; i++) {
          this.bytes('key');
          this.any(depth + 1);
        }
        return;
      }
      case 117: {
        const n = this.count('array item');
        for (let i = 0; i < n; i++) this.any(depth + 1);
        return;
      }
      case 116:
        return this.bytes('binary');
      default:
        malformed(`unknown value type ${type}`);
    }
  }

  content(ref: number): void {
    switch (ref) {
      case 1: // deleted: a length
        this.uint();
        return;
      case 2: {
        // JSON: strings
        const n = this.count('json item');
        for (let i = 0; i < n; i++) this.bytes('json');
        return;
      }
      case 3: // binary
      case 4: // string
      case 5: // embed (JSON string)
        return this.bytes('content');
      case 6: // format: key + JSON
        this.bytes('format key');
        return this.bytes('format value');
      case 7: {
        const typeRef = this.uint();
        if (typeRef > 6) malformed(`unknown type ref ${typeRef}`);
        if (typeRef === 3 || typeRef === 5) this.bytes('xml name');
        return;
      }
      case 8: {
        const n = this.count('any item');
        for (let i = 0; i < n; i++) this.any();
        return;
      }
      case 9:
        return malformed('sub-documents are not allowed');
      default:
        return malformed(`unknown content ref ${ref}`);
    }
  }
}

/**
 * Throws on an update that is not well formed. Otherwise tells, from `stateOf` (the document's
 * clock per client), whether every client's structs in it start exactly where the document's end:
 * then the update holds nothing the document already has.
 */
export function checkUpdate(update: Uint8Array, stateOf: (client: number) => number): boolean {
  const w = new Walker(update);
  let onlyNew = true;
  const clients = w.count('client');
  // Yjs keeps only the last section of a client that appears twice: the others are never applied.
  const seen = clients > 1 ? new Set<number>() : null;
  for (let c = 0; c < clients; c++) {
    const structs = w.count('struct');
    const client = w.uint();
    const clock = w.uint();
    if (clock !== stateOf(client)) onlyNew = false;
    if (seen) {
      if (seen.has(client)) onlyNew = false;
      seen.add(client);
    }
    for (let s = 0; s < structs; s++) {
      const info = w.byte();
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        w.uint(); // GC or skip: a length
        continue;
      }
      if (info & 0b10000000) (w.uint(), w.uint()); // origin id
      if (info & 0b01000000) (w.uint(), w.uint()); // right origin id
      if ((info & 0b11000000) === 0) {
        if (w.uint() === 1) w.bytes('parent key');
        else (w.uint(), w.uint()); // parent id
        if (info & 0b00100000) w.bytes('parent sub');
      }
      w.content(ref);
    }
  }
  const deleteClients = w.count('delete client');
  for (let c = 0; c < deleteClients; c++) {
    w.uint(); // client
    const deletes = w.count('delete range');
    for (let r = 0; r < deletes; r++) (w.uint(), w.uint());
  }
  if (!w.done) malformed('trailing bytes');
  return onlyNew;
}
