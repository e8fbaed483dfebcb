/**
 * A case-insensitive Aho–Corasick automaton over ASCII: finds every occurrence of many short
 * anchor strings in one pass over the text, which is what keeps the keyword prefilter of the
 * secret scanner at memory speed however many providers it knows. Non-ASCII characters
 * reset to the start state (no anchor contains one).
 */
export class AnchorAutomaton {
  /** Packed transitions: entry = next * 256 | hasOutput, indexed by state * 128 + char. */
  private readonly table: Int32Array;
  /** For each state, the indices of the anchors that end there (own and via failure links). */
  private readonly outputs: readonly (readonly number[])[];

  constructor(readonly anchors: readonly string[]) {
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    anchors.forEach((anchor, index) => {
      if (anchor.length === 0) throw new Error('empty anchor');
      let state = 0;
      for (const ch of anchor.toLowerCase()) {
        const code = ch.charCodeAt(0);
        if (code >= 128) throw new Error(`anchor "${anchor}" is not ASCII`);
        let next = children[state]?.get(code);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          own.push([]);
          children[state]?.set(code, next);
        }
        state = next;
      }
      own[state]?.push(index);
    });
    const states = children.length;
    const delta = new Int32Array(states * 128);
    const fail = new Int32Array(states);
    const outputs: number[][] = own.map((list) => [...list]);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const next = children[0]?.get(c);
      delta[c] = next ?? 0;
      if (next !== undefined) queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      outputs[state] = [...(outputs[state] ?? []), ...(outputs[fail[state] as number] ?? [])];
      for (let c = 0; c < 128; c++) {
        const next = children[state]?.get(c);
        if (next !== undefined) {
          fail[next] = delta[(fail[state] as number) * 128 + c] as number;
          delta[state * 128 + c] = next;
          queue.push(next);
        } else {
          delta[state * 128 + c] = delta[(fail[state] as number) * 128 + c] as number;
        }
      }
    }
    // Upper-case letters move like their lower-case forms: the match is case-insensitive.
    for (let s = 0; s < states; s++)
      for (let c = 65; c <= 90; c++) delta[s * 128 + c] = delta[s * 128 + c + 32] as number;
    this.table = new Int32Array(states * 128);
    for (let i = 0; i < delta.length; i++) {
      const next = delta[i] as number;
      this.table[i] = next * 256 + ((outputs[next]?.length ?? 0) > 0 ? 1 : 0);
    }
    this.outputs = outputs;
  }

  /**
   * Calls `onHit(anchor, end)` for every occurrence, in order of its end offset (exclusive),
   * within text[from, to).
   */
  scan(
    text: string,
    onHit: (anchor: number, end: number) => void,
    from = 0,
    to = text.length,
  ): void {
    const table = this.table;
    let s = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      s = table[(s >> 1) | (c < 128 ? c : 0)] as number;
      if (s & 1) {
        for (const anchor of this.outputs[s >> 8] as readonly number[]) onHit(anchor, i + 1);
      }
    }
  }
}
