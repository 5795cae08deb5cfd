// What the PR changed in the artefact (image digest and size, engine hash and size, builder
// version): recorded beside each result and shown next to a comparison ("image +120 MB"), so a
// regression comes with its likely cause. Never a reason to refuse a comparison: these are
// exactly the things a PR is expected to change.
// A type alias, not an interface: it must fit the history schema's open (loose) objects.
export type ArtefactFacts = {
  imageId?: string;
  imageDigest?: string;
  imageSizeBytes?: number;
  engineSha256?: string;
  engineSizeBytes?: number;
  builderVersion?: string;
};

export interface Change {
  field: keyof ArtefactFacts;
  base: string | number | undefined;
  head: string | number | undefined;
  /** "image size 1.20 GB -> 1.32 GB (+120 MB)". */
  text: string;
}

const LABELS: Record<keyof ArtefactFacts, string> = {
  imageId: 'image id',
  imageDigest: 'image digest',
  imageSizeBytes: 'image size',
  engineSha256: 'engine',
  engineSizeBytes: 'engine size',
  builderVersion: 'builder',
};

export function whatChanged(base: ArtefactFacts | undefined, head: ArtefactFacts | undefined): Change[] {
  if (!base || !head) return [];
  const out: Change[] = [];
  for (const field of Object.keys(LABELS) as (keyof ArtefactFacts)[]) {
    const a = base[field];
    const b = head[field];
    if (a === undefined || b === undefined || a === b) continue;
    const text =
      typeof a === 'number' && typeof b === 'number'
        ? `${LABELS[field]} ${bytes(a)} -> ${bytes(b)} (${b >= a ? '+' : '-'}${bytes(Math.abs(b - a))})`
        : `${LABELS[field]} ${short(String(a))} -> ${short(String(b))}`;
    out.push({ field, base: a, head: b, text });
  }
  return out;
}

function short(v: string): string {
  const hex = /^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/.exec(v);
  return hex ? (hex[2] as string) : v;
}

function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}
