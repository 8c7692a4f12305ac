/**
 * The engine's one way to keep a maximum (watch time, best score, total chapters) in an UpdateItem:
 * the attribute is set only when the new value is higher than the value the snapshot read, under the
 * condition that it still holds that value (`attr = :old`, or `attribute_not_exists` for a first
 * value). A concurrent raise makes the condition fail and the write re-plans from the fresh item, so a
 * maximum is never lowered and the increase this write reports is exact. A value that is not higher
 * adds nothing and no condition: maxima only grow, so it stays not higher.
 *
 * Appends to the update's SET clauses, conditions and values; returns the increase (0 when not raised).
 */
export function raiseMaximum(
  attribute: string,
  old: number | undefined,
  value: number,
  update: { sets: string[]; conditions: string[]; values: Record<string, unknown> },
): number {
  if (old !== undefined && value <= old) return 0;
  update.sets.push(`${attribute} = :${attribute}New`);
  update.values[`:${attribute}New`] = value;
  if (old === undefined) update.conditions.push(`attribute_not_exists(${attribute})`);
  else {
    update.conditions.push(`${attribute} = :${attribute}Old`);
    update.values[`:${attribute}Old`] = old;
  }
  return value - (old ?? 0);
}
