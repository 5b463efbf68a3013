/** Errors of imports whose scan failed after writing terms, with how many nodes were deleted again (importFiles). */
const REMOVED = new WeakMap<object, number>();

/**
 * After a file turned out bad (`error`), deletes what the run wrote (`remove`: how many concepts) and records the count
 * for conceptsRemovedAfter; throws if the deletion fails too, naming both.
 */
export async function takeBack(error: unknown, remove: () => Promise<number>): Promise<void> {
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  try {
    const removed = await remove();
    if (removed > 0 && typeof error === 'object' && error !== null) REMOVED.set(error, removed);
  } catch (removeError) {
    throw new Error(
      `${message(error)}; what was written while the files were read could not be deleted again ` +
        `(${message(removeError)})`,
      { cause: removeError },
    );
  }
}

/**
 * How many concepts an import that failed with `error` had written while it read the files, and deleted again
 * before it threw (0 when it wrote none): the graph is then as it was.
 */
export function conceptsRemovedAfter(error: unknown): number {
  return typeof error === 'object' && error !== null ? (REMOVED.get(error) ?? 0) : 0;
}
