/** Index of the first element of a sorted range for which `after` holds; `length` when none does. */
export function firstWhere(length: number, after: (k: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (after(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
