// Matchers for IUpkeep.NotDue(dueAt, nowAt): the call was judged before it was due.

/** A withArgs predicate for `nowAt`: a time strictly before `dueAt`. */
export const earlierThan = (dueAt: bigint) => (nowAt: bigint) => nowAt < dueAt;

/** A withArgs predicate for `nowAt` when nothing is left to be due (`dueAt` 0): any time at all. */
export const anyTime = (nowAt: bigint) => nowAt > 0n;
