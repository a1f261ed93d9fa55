/**
 * The shape of a read-merge-write step: a pure merge gets the stored item (undefined when absent)
 * and says what to store next and whether anything changed, so an unchanged item is not rewritten.
 */

/** What a merge answers: the item to store and whether it differs from the stored one. */
export interface Merged<T> {
  next: T;
  changed: boolean;
}

/** A pure merge of a stored item. */
export type Merge<T> = (current: T | undefined) => Merged<T>;
