// "Did you mean ...?" for a misspelt flag, input or YAML key. The distance is leven's. Two edits
// cover a swapped pair of letters (rusn -> runs); more than a third of a long word would be a
// guess, not a correction; a word of three letters or fewer gets one edit.
import { closestMatch } from 'leven';

export function closest(word: string, known: readonly string[]): string | undefined {
  const maxDistance = word.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(word.length / 3)));
  return closestMatch(word.toLowerCase(), known, { maxDistance });
}

/** `; did you mean "runs"?`, or '' when nothing is close. */
export function didYouMean(word: string, known: readonly string[], quote: (k: string) => string = (k) => `"${k}"`): string {
  const match = closest(word, known);
  return match === undefined ? '' : `; did you mean ${quote(match)}?`;
}
