/**
 * When a full set (10) may lose a screenshot to make room for an upload.
 *
 * App Store Connect counts a reservation in the set's 10, so an upload into a
 * full set needs a free slot before it is reserved: the screenshot it frees
 * can only be deleted before the upload, never after its commit. Deleting one
 * that the repository drops anyway (removed, a duplicate, a stuck upload) loses
 * nothing. Deleting one the repository replaces does, if the upload then fails:
 * the set shows one screenshot fewer until apply runs again. So:
 *   - screenshots that go anyway make room first;
 *   - a replaced one is deleted only while no upload of this run has failed;
 *   - the first such delete of a run goes alone, until its replacement is
 *     committed (the upload path proven) or has failed (then no more).
 * With the upload host unreachable from the start, a run therefore deletes one
 * replaced screenshot in all and stops; if the host goes away mid-run, each set
 * whose upload was in flight (at most the apply's concurrency) is one short.
 * A re-run completes either.
 */
export class RoomGate {
  /** An upload of this run was committed: the upload path works. */
  private proven = false;
  /** An upload of this run failed: no replaced screenshot is deleted any more. */
  private failed = false;
  private trial: Promise<void> | undefined;

  committed(): void {
    this.proven = true;
  }

  uploadFailed(): void {
    this.failed = true;
  }

  get closed(): boolean {
    return this.failed;
  }

  /**
   * Waits until a replaced screenshot may be deleted to make room; resolves to
   * a release (call it once the upload that needed the room has ended), or to
   * undefined when no replaced screenshot may be deleted in this run any more.
   */
  async enter(): Promise<(() => void) | undefined> {
    while (!this.proven && !this.failed && this.trial) await this.trial;
    if (this.failed) return undefined;
    if (this.proven) return () => undefined;
    let release!: () => void;
    this.trial = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.trial = undefined;
      release();
    };
  }
}
