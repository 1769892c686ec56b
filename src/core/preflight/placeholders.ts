/**
 * Values that stand in for a real one: a re-submitted mask (`****`, the NoEcho outage), an
 * unfilled template (`changeme`, `TODO`, `<api-key>`), a reference nothing expanded (`${X}`), or
 * nothing at all. Returns why the value looks like a placeholder, or undefined.
 */
export function placeholderReason(value: string): string | undefined {
  const v = value.trim();
  if (v === "") return "is empty";
  if (/^[*•●]+$/u.test(v)) return "is a mask of asterisks, not a value (a masked parameter re-submitted as its mask)";
  if (/^change[-_ ]?me$/i.test(v)) return 'is "changeme"';
  if (/^(todo|tbd|fixme)\b/i.test(v)) return "is a TODO marker";
  if (/^<[^<>]*>$/.test(v)) return "is a <…> template placeholder";
  if (/\$\{[^}]*\}/.test(v)) return "holds an unresolved ${…} reference";
  return undefined;
}
