import { didYouMean } from "./closest";

/**
 * A registry of named entries (layer kinds, optimizers, pruning strategies): one `register` call per entry, and
 * a `get` whose error names the closest registered kind. Holds plain objects, no tensors.
 */
export class Registry<E extends { readonly kind: string }> {
  private readonly entries = new Map<string, E>();

  /** @param what the entries' name in messages, e.g. `"optimizer"`. */
  constructor(readonly what: string) {}

  /** Adds `entry` under `entry.kind`. @throws when that kind is already registered. */
  register(entry: E): void {
    if (this.entries.has(entry.kind)) {
      throw new Error(`${this.what} "${entry.kind}" is already registered; pick another kind name`);
    }
    this.entries.set(entry.kind, entry);
  }

  /** Whether `kind` is registered. */
  has(kind: string): boolean {
    return this.entries.has(kind);
  }

  /**
   * The entry registered as `kind`.
   * @param where prefixes the message when given (e.g. the layer at fault).
   * @throws `unknown <what> "<kind>"; did you mean "<closest>"? known: a, b, c` (or `...; known: a, b, c`
   *   when no kind is close).
   */
  get(kind: unknown, where?: string): E {
    const entry = typeof kind === "string" ? this.entries.get(kind) : undefined;
    if (entry) return entry;
    const hint = typeof kind === "string" ? didYouMean(kind, this.kinds) : "";
    const prefix = where === undefined ? "" : `${where}: `;
    throw new Error(
      `${prefix}unknown ${this.what} ${JSON.stringify(kind)}${hint ? `${hint} ` : "; "}known: ${this.kinds.join(", ")}`,
    );
  }

  /** The registered kinds, in registration order. */
  get kinds(): string[] {
    return [...this.entries.keys()];
  }
}
