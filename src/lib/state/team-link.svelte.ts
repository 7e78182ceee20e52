import type { AddReport } from './add-report.ts';
import type { Library } from './library.svelte.ts';

/**
 * A team's link to its framework, `/?framework=<address of the raw file>`. The first time, the
 * app shows the address and loads it only when the person says so, then opens the framework at
 * its own address, so a reload neither asks nor fetches again. A link to a framework already
 * added from that address opens it at once. Fetching the address again happens only when the
 * person asks to check for a newer version, which is offered, never applied unasked.
 */
export class TeamLink {
  /** The address of a link waiting for the person's word; null when none is. */
  asking = $state<string | null>(null);
  /** The address loaded from a link, whose framework opens once it is added. */
  loading = $state<string | null>(null);
  /** The last check for a newer version: of which framework, and its report's id. */
  #check = $state<{ frameworkId: string; reportId: number } | null>(null);

  constructor(private readonly library: Library) {}

  /**
   * Follows a link once the user's frameworks are read: gives the id of the framework added from
   * `address` before, to open without asking or fetching; otherwise the link waits for `load`
   * or `ignore`, and null is given.
   */
  follow(address: string): string | null {
    const id = this.library.addedFrom(address);
    if (id === null) this.asking = address;
    return id;
  }

  /** Loads the linked file the person agreed to; `opens` says when its framework can open. */
  async load(): Promise<void> {
    const address = this.asking;
    if (address === null) return;
    this.asking = null;
    this.loading = address;
    await this.library.addUrl(address);
  }

  ignore(): void {
    this.asking = null;
  }

  /**
   * The framework to open now that the linked file is added (at once, or after the person
   * accepted its warnings), or was the version already added; null until then, or when it was
   * refused or declined.
   */
  get opens(): string | null {
    const address = this.loading;
    if (address === null) return null;
    const report = this.library.reports.find((candidate) => candidate.origin === address);
    if (report?.status === 'unchanged' && report.outcome.kind === 'unchanged') {
      return report.outcome.framework.id;
    }
    return report?.status === 'added' || report?.status === 'updated'
      ? (report.frameworkId ?? null)
      : null;
  }

  /**
   * Fetches the address the framework `id` was added from again. A different file there waits,
   * as `checked(id)`, for the person to `confirm` it (through the library) or decline it.
   */
  async checkForUpdate(id: string): Promise<void> {
    if (!this.canCheck(id)) return;
    const address = this.library.userFramework(id)!.origin;
    const report = await this.library.addUrl(address, { ask: true });
    this.#check = { frameworkId: id, reportId: report.id };
  }

  /** Whether the framework `id` came from a web address, so it can be checked for a newer version. */
  canCheck(id: string): boolean {
    return /^https?:\/\//i.test(this.library.userFramework(id)?.origin ?? '');
  }

  /** The report of the last check for a newer version of `id`, as it stands now. */
  checked(id: string): AddReport | null {
    const check = this.#check;
    if (check?.frameworkId !== id) return null;
    return this.library.reports.find((report) => report.id === check.reportId) ?? null;
  }
}
