/**
 * Reading V8 heap snapshots for bench:heap: self sizes grouped by constructor, and retained sizes
 * (dominator tree) grouped by the per-table object that holds them, so what a table costs can be
 * charged to a holder (the room, its schema trees, a client's socket) instead of left in
 * anonymous "Object", "Array" and "closure" rows.
 */
import { readFileSync } from "node:fs";

export interface Group {
  count: number;
  size: number;
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** One parsed snapshot with the accessors the groupings need. */
export class HeapSnapshot {
  private readonly raw: RawSnapshot;
  private readonly width: number;
  private readonly edgeWidth: number;
  private readonly fields: { type: number; name: number; size: number; edges: number };
  private readonly edgeFields: { type: number; name: number; to: number };
  private readonly nodeTypes: string[];
  private readonly edgeTypes: string[];
  readonly nodeCount: number;
  /** Index of each node's first edge in `edges` (node n's edges end where node n+1's begin). */
  private readonly firstEdge: Int32Array;
  private dominators: { idom: Int32Array; retained: Float64Array } | undefined;

  constructor(path: string) {
    this.raw = JSON.parse(readFileSync(path, "utf8")) as RawSnapshot;
    const meta = this.raw.snapshot.meta;
    this.width = meta.node_fields.length;
    this.edgeWidth = meta.edge_fields.length;
    const nf = meta.node_fields;
    this.fields = { type: nf.indexOf("type"), name: nf.indexOf("name"), size: nf.indexOf("self_size"), edges: nf.indexOf("edge_count") };
    const ef = meta.edge_fields;
    this.edgeFields = { type: ef.indexOf("type"), name: ef.indexOf("name_or_index"), to: ef.indexOf("to_node") };
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    this.nodeCount = this.raw.nodes.length / this.width;
    this.firstEdge = new Int32Array(this.nodeCount + 1);
    for (let n = 0, e = 0; n < this.nodeCount; n++) {
      this.firstEdge[n] = e;
      e += (this.raw.nodes[n * this.width + this.fields.edges] as number) * this.edgeWidth;
    }
    this.firstEdge[this.nodeCount] = this.raw.edges.length;
  }

  type(n: number): string {
    return this.nodeTypes[this.raw.nodes[n * this.width + this.fields.type] as number] ?? "?";
  }
  name(n: number): string {
    return this.raw.strings[this.raw.nodes[n * this.width + this.fields.name] as number] ?? "";
  }
  selfSize(n: number): number {
    return this.raw.nodes[n * this.width + this.fields.size] as number;
  }
  /** "type: name" with the name left out for strings and numbers (their name is their value). */
  label(n: number): string {
    const type = this.type(n);
    const valueNamed = type === "string" || type === "concatenated string" || type === "sliced string" || type === "number";
    return `${type}: ${valueNamed ? "" : this.name(n).slice(0, 50)}`;
  }

  /** Calls `visit(edgeIndex, target)` for each strong edge of node n (weak and shortcut edges skipped). */
  private forEachStrongEdge(n: number, visit: (edge: number, to: number) => void): void {
    const { edges } = this.raw;
    const weak = this.edgeTypes.indexOf("weak");
    const shortcut = this.edgeTypes.indexOf("shortcut");
    for (let e = this.firstEdge[n] as number; e < (this.firstEdge[n + 1] as number); e += this.edgeWidth) {
      const t = edges[e + this.edgeFields.type] as number;
      if (t === weak || t === shortcut) continue;
      visit(e, (edges[e + this.edgeFields.to] as number) / this.width);
    }
  }

  private edgeName(e: number): string {
    const t = this.edgeTypes[this.raw.edges[e + this.edgeFields.type] as number];
    const v = this.raw.edges[e + this.edgeFields.name] as number;
    return t === "element" || t === "hidden" ? `[${v}]` : (this.raw.strings[v] ?? "?");
  }

  /**
   * Self size and count per "kind: name" (constructor for objects, "string", "(code)", ...).
   * Backing stores (property and element arrays, ArrayBuffer data, closures' contexts) are
   * charged to the object that holds them: "array: (object properties) ← ChangeTree".
   */
  selfGroups(): Map<string, Group> {
    // First (strong) retainer of every node that is an object, for attributing backing stores.
    const owner = new Int32Array(this.nodeCount).fill(-1);
    for (let n = 0; n < this.nodeCount; n++) {
      const type = this.type(n);
      if (type !== "object" && type !== "closure") continue;
      this.forEachStrongEdge(n, (_e, to) => {
        if (owner[to] === -1) owner[to] = n;
      });
    }
    const backing = new Set(["array", "hidden", "native", "code"]);
    const out = new Map<string, Group>();
    for (let n = 0; n < this.nodeCount; n++) {
      const o = owner[n] as number;
      const by = backing.has(this.type(n)) && o >= 0 ? ` ← ${this.type(o) === "closure" ? "closure " : ""}${this.name(o).slice(0, 40)}` : "";
      addTo(out, `${this.label(n)}${by}`, this.selfSize(n));
    }
    return out;
  }

  /** Immediate dominators and retained sizes (Cooper–Harvey–Kennedy over a DFS post-order from the root, node 0). */
  private dominatorTree(): { idom: Int32Array; retained: Float64Array } {
    if (this.dominators) return this.dominators;
    const N = this.nodeCount;
    const post = new Int32Array(N).fill(-1);
    const order: number[] = [];
    const seen = new Uint8Array(N);
    const cursor = new Int32Array(N);
    const stack = [0];
    seen[0] = 1;
    cursor[0] = this.firstEdge[0] as number;
    const { edges } = this.raw;
    const weak = this.edgeTypes.indexOf("weak");
    const shortcut = this.edgeTypes.indexOf("shortcut");
    while (stack.length > 0) {
      const n = stack[stack.length - 1] as number;
      let pushed = false;
      while ((cursor[n] as number) < (this.firstEdge[n + 1] as number)) {
        const e = cursor[n] as number;
        cursor[n] = e + this.edgeWidth;
        const t = edges[e + this.edgeFields.type] as number;
        if (t === weak || t === shortcut) continue;
        const to = (edges[e + this.edgeFields.to] as number) / this.width;
        if (seen[to]) continue;
        seen[to] = 1;
        cursor[to] = this.firstEdge[to] as number;
        stack.push(to);
        pushed = true;
        break;
      }
      if (!pushed) {
        stack.pop();
        post[n] = order.length;
        order.push(n);
      }
    }
    // Predecessor lists (CSR).
    const predStart = new Int32Array(N + 1);
    for (let n = 0; n < N; n++) this.forEachStrongEdge(n, (_e, to) => (predStart[to + 1] = (predStart[to + 1] as number) + 1));
    for (let i = 0; i < N; i++) predStart[i + 1] = (predStart[i + 1] as number) + (predStart[i] as number);
    const preds = new Int32Array(predStart[N] as number);
    const fill = predStart.slice();
    for (let n = 0; n < N; n++) this.forEachStrongEdge(n, (_e, to) => (preds[(fill[to] as number)++] = n));
    const idom = new Int32Array(N).fill(-1);
    idom[0] = 0;
    const intersect = (a: number, b: number): number => {
      while (a !== b) {
        while ((post[a] as number) < (post[b] as number)) a = idom[a] as number;
        while ((post[b] as number) < (post[a] as number)) b = idom[b] as number;
      }
      return a;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = order.length - 1; i >= 0; i--) {
        const n = order[i] as number;
        if (n === 0) continue;
        let d = -1;
        for (let p = predStart[n] as number; p < (predStart[n + 1] as number); p++) {
          const q = preds[p] as number;
          if ((post[q] as number) < 0 || (idom[q] as number) < 0) continue;
          d = d < 0 ? q : intersect(q, d);
        }
        if (d >= 0 && idom[n] !== d) {
          idom[n] = d;
          changed = true;
        }
      }
    }
    const retained = new Float64Array(N);
    for (const n of order) retained[n] = (retained[n] as number) + this.selfSize(n);
    for (const n of order) if (n !== 0 && (idom[n] as number) >= 0) retained[idom[n] as number] = (retained[idom[n] as number] as number) + (retained[n] as number);
    this.dominators = { idom, retained };
    return this.dominators;
  }

  /**
   * Retained size per holder: every object whose immediate dominator is big (the root, a module,
   * a process-wide registry: retained ≥ `big` bytes) while it is not, grouped by its "kind: name".
   * A table's room, schema trees, sockets and parts are such holders; everything they alone keep
   * alive (closures, contexts, arrays, maps) is charged to them.
   */
  holderGroups(big: number): Map<string, Group> {
    const { idom, retained } = this.dominatorTree();
    const out = new Map<string, Group>();
    for (let n = 1; n < this.nodeCount; n++) {
      const d = idom[n] as number;
      if (d < 0 || (retained[d] as number) < big || (retained[n] as number) >= big) continue;
      addTo(out, this.label(n), retained[n] as number);
    }
    return out;
  }

  /** The dominator subtree of the first object named `name`: "edge → kind: name  retained", children ≥ minSize. */
  retainedTree(name: string, minSize: number, depth: number): string[] {
    const { idom, retained } = this.dominatorTree();
    let root = -1;
    for (let n = 0; n < this.nodeCount && root < 0; n++) if (this.type(n) === "object" && this.name(n) === name) root = n;
    if (root < 0) return [];
    const children = new Map<number, number[]>();
    for (let n = 1; n < this.nodeCount; n++) {
      const d = idom[n] as number;
      if (d < 0 || (retained[n] as number) < minSize) continue;
      const list = children.get(d) ?? [];
      list.push(n);
      children.set(d, list);
    }
    const lines = [`${this.label(root)}  ${retained[root]} B retained`];
    const walk = (n: number, level: number) => {
      const kids = (children.get(n) ?? []).sort((a, b) => (retained[b] as number) - (retained[a] as number));
      for (const k of kids) {
        let via = "?";
        this.forEachStrongEdge(n, (e, to) => {
          if (to === k && via === "?") via = this.edgeName(e);
        });
        lines.push(`${"  ".repeat(level)}${via} → ${this.label(k)}  ${retained[k]} B`);
        if (level < depth) walk(k, level + 1);
      }
    };
    walk(root, 1);
    return lines;
  }
}

function addTo(groups: Map<string, Group>, key: string, size: number): void {
  const g = groups.get(key) ?? { count: 0, size: 0 };
  g.count += 1;
  g.size += size;
  groups.set(key, g);
}

/** Per-table growth between two groupings, biggest first. */
export function growth(before: Map<string, Group>, after: Map<string, Group>, added: number): { key: string; size: number; count: number }[] {
  const rows: { key: string; size: number; count: number }[] = [];
  for (const [key, g] of after) {
    const b = before.get(key) ?? { count: 0, size: 0 };
    rows.push({ key, size: (g.size - b.size) / added, count: (g.count - b.count) / added });
  }
  return rows.sort((a, b) => b.size - a.size);
}
