/**
 * Content ids by file: a shared base (the ids of files whose content is the index's, one map
 * per listing of the working tree) with the ids of this state's other files laid over it.
 * Every check of a listing asks for the ids of all its files; building a new map of every id
 * each time would copy the base over and over. Reads go through the layers; anything that
 * walks the map (size, iteration) first copies the layers into the map itself, once.
 */
export class LayeredIds extends Map<string, string> {
  private readonly own = new Map<string, string>();
  private readonly removed = new Set<string>();
  private flattened = false;

  constructor(readonly base: ReadonlyMap<string, string>) {
    super();
  }

  /** Ids that differ from the base, and files without one, while the layers are apart. */
  get overrides(): { own: ReadonlyMap<string, string>; removed: ReadonlySet<string> } | undefined {
    return this.flattened ? undefined : { own: this.own, removed: this.removed };
  }

  override get(file: string): string | undefined {
    if (this.flattened) return super.get(file);
    if (this.removed.has(file)) return undefined;
    return this.own.get(file) ?? this.base.get(file);
  }

  override has(file: string): boolean {
    return this.get(file) !== undefined;
  }

  override set(file: string, id: string): this {
    if (this.flattened) return super.set(file, id);
    this.removed.delete(file);
    this.own.set(file, id);
    return this;
  }

  override delete(file: string): boolean {
    if (this.flattened) return super.delete(file);
    const had = this.has(file);
    this.own.delete(file);
    if (this.base.has(file)) this.removed.add(file);
    return had;
  }

  override clear(): void {
    this.flatten();
    super.clear();
  }

  override get size(): number {
    this.flatten();
    return super.size;
  }

  override forEach(
    callback: (id: string, file: string, map: Map<string, string>) => void,
    thisArg?: unknown,
  ): void {
    this.flatten();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[string, string]> {
    this.flatten();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.flatten();
    return super.keys();
  }

  override values(): MapIterator<string> {
    this.flatten();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  private flatten(): void {
    if (this.flattened) return;
    this.flattened = true;
    this.base.forEach((id, file) => {
      if (!this.removed.has(file) && !this.own.has(file)) super.set(file, id);
    });
    this.own.forEach((id, file) => super.set(file, id));
  }
}
