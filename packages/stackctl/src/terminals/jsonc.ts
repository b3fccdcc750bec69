// A small JSONC parser (comments, trailing commas) that keeps each value's position, so tasks.json can be edited in place.

export type JsoncNode = JsoncObject | JsoncArray | JsoncScalar;

interface Span {
  /** Offset of the value's first character. */
  readonly start: number;
  /** Offset just after its last character. */
  readonly end: number;
}

export interface JsoncObject extends Span {
  readonly type: 'object';
  readonly members: ReadonlyArray<{ readonly key: string; readonly value: JsoncNode; readonly after: number }>;
}

export interface JsoncArray extends Span {
  readonly type: 'array';
  /** `after` is the offset just after the item's comma when one follows, else the item's end. */
  readonly items: ReadonlyArray<{ readonly value: JsoncNode; readonly after: number; readonly comma: boolean }>;
}

export interface JsoncScalar extends Span {
  readonly type: 'scalar';
  readonly value: string | number | boolean | null;
}

export class JsoncSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsoncSyntaxError';
  }
}

/** The whole document's value (null for a document holding only whitespace and comments). */
export function parseJsonc(text: string): JsoncNode | null {
  const parser = new Parser(text);
  parser.skip();
  if (parser.pos >= text.length) return null;
  const node = parser.value();
  parser.skip();
  if (parser.pos < text.length) parser.fail('unexpected text after the document');
  return node;
}

/** The plain value of a node. */
export function jsoncValue(node: JsoncNode): unknown {
  if (node.type === 'scalar') return node.value;
  if (node.type === 'array') return node.items.map((item) => jsoncValue(item.value));
  const object: Record<string, unknown> = {};
  // defineProperty, so a "__proto__" key stays a plain property.
  for (const member of node.members) Object.defineProperty(object, member.key, { value: jsoncValue(member.value), enumerable: true, writable: true, configurable: true });
  return object;
}

/** Line and column (1-based) of an offset, for error messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    const { line, column } = lineAndColumn(this.text, this.pos);
    throw new JsoncSyntaxError(`${message} at line ${line}, column ${column}`, this.pos);
  }

  /** Skips whitespace, `// line` and `/* block *\/` comments. */
  skip(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const char = text[this.pos];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\uFEFF') this.pos += 1;
      else if (text.startsWith('//', this.pos)) {
        const newline = text.indexOf('\n', this.pos);
        this.pos = newline === -1 ? text.length : newline + 1;
      } else if (text.startsWith('/*', this.pos)) {
        const close = text.indexOf('*/', this.pos + 2);
        if (close === -1) this.fail('unterminated comment');
        this.pos = close + 2;
      } else return;
    }
  }

  value(): JsoncNode {
    const char = this.text[this.pos];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    const start = this.pos;
    if (char === '"') return { type: 'scalar', value: this.string(), start, end: this.pos };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(start, start + 400));
    if (literal === null) this.fail(char === undefined ? 'unexpected end of file' : `unexpected ${JSON.stringify(char)}`);
    this.pos += literal[0].length;
    return { type: 'scalar', value: JSON.parse(literal[0]) as string | number | boolean | null, start, end: this.pos };
  }

  string(): string {
    const match = /^"(?:[^"\\\n\r]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(this.pos));
    if (match === null) this.fail('invalid string');
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  object(): JsoncObject {
    const start = this.pos;
    this.pos += 1;
    const members: Array<{ key: string; value: JsoncNode; after: number }> = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === '}') break;
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos += 1;
      this.skip();
      const value = this.value();
      this.skip();
      const comma = this.text[this.pos] === ',';
      if (comma) this.pos += 1;
      members.push({ key, value, after: comma ? this.pos : value.end });
      if (!comma) {
        this.skip();
        if (this.text[this.pos] !== '}') this.fail('expected "," or "}"');
        break;
      }
    }
    this.pos += 1;
    return { type: 'object', members, start, end: this.pos };
  }

  array(): JsoncArray {
    const start = this.pos;
    this.pos += 1;
    const items: Array<{ value: JsoncNode; after: number; comma: boolean }> = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === ']') break;
      const value = this.value();
      this.skip();
      const comma = this.text[this.pos] === ',';
      if (comma) this.pos += 1;
      items.push({ value, after: comma ? this.pos : value.end, comma });
      if (!comma) {
        this.skip();
        if (this.text[this.pos] !== ']') this.fail('expected "," or "]"');
        break;
      }
    }
    this.pos += 1;
    return { type: 'array', items, start, end: this.pos };
  }
}
