/**
 * A CommandRunner decorator that confines sandbox commands with bubblewrap,
 * so "commands never reach outside the sandbox" is enforced by the kernel and
 * not only by where they start: writes succeed only in the sandbox root and a
 * private /tmp, the network is off unless allowed, and the user's files,
 * HOME and the folders the sandbox links to stay untouched.
 *
 * The confined command still goes through the inner runner (as
 * `exec bwrap … /bin/sh -c <command>`), so timeouts, output caps, kills of
 * the whole tree and the scrubbed environment apply unchanged; with
 * `--unshare-pid --die-with-parent`, ending bwrap ends everything inside.
 *
 * Modes: 'auto' confines when bubblewrap works here and otherwise runs
 * unconfined (saying so); 'required' refuses to run instead; 'off' never
 * confines. Requests without `sandboxRoot` are not sandbox commands and pass
 * through untouched.
 */
import { bwrapCommandLine } from './bwrap-args';
import { probeBwrap, type BwrapProbe } from './bwrap-probe';
import type { CommandRequest, CommandResult, CommandRunner } from './ports';
import { inspectSandbox } from './sandbox-layout';

export type ConfinementMode = 'auto' | 'required' | 'off';

export interface ConfinementOptions {
  /** Default 'auto'. */
  mode?: ConfinementMode;
  /** Let confined commands reach the network (default false: their own loopback only). */
  network?: boolean;
  /** bwrap's name on PATH or its path (default 'bwrap'). */
  bwrap?: string;
  /** Where PATH comes from for finding bwrap (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** How commands with a sandbox root run, for the user and the model. */
export type ConfinementStatus =
  | { confined: true; version: string; overlay: boolean; network: boolean; text: string }
  | { confined: false; reason: string; text: string };

/** Thrown in 'required' mode when bubblewrap cannot confine the command. */
export class ConfinementUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfinementUnavailableError';
  }
}

export class ConfinedCommandRunner implements CommandRunner {
  private readonly mode: ConfinementMode;
  private readonly network: boolean;
  private probing: Promise<BwrapProbe> | undefined;
  private noticeGiven = false;

  constructor(
    private readonly inner: CommandRunner,
    private readonly options: ConfinementOptions = {},
  ) {
    this.mode = options.mode ?? 'auto';
    this.network = options.network ?? false;
  }

  /** Probes bubblewrap once per runner (a trial run); later calls reuse the answer. */
  private probe(): Promise<BwrapProbe> {
    this.probing ??= probeBwrap({ bwrap: this.options.bwrap, unshareNet: !this.network, env: this.options.env });
    return this.probing;
  }

  async status(): Promise<ConfinementStatus> {
    if (this.mode === 'off') return { confined: false, reason: 'confinement is off', text: '(not confined: confinement is off)' };
    const probe = await this.probe();
    if (!probe.available) return { confined: false, reason: probe.reason, text: `(not confined: ${probe.reason})` };
    const links = probe.overlay
      ? 'linked folders such as node_modules writable in memory only'
      : `linked dependencies such as node_modules read-only, linked build output such as target writable (bubblewrap ${probe.version} has no --overlay-src)`;
    return {
      confined: true,
      version: probe.version,
      overlay: probe.overlay,
      network: this.network,
      text: `(confined by bubblewrap: writes only inside the sandbox and a private /tmp; network ${this.network ? 'on' : 'off'}; ${links})`,
    };
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    if (request.sandboxRoot === undefined) return this.inner.run(request);
    const status = await this.status();
    if (!status.confined) {
      if (this.mode === 'required') {
        throw new ConfinementUnavailableError(
          `Refused to run \`${request.command}\`: confinement is required (foreman.sandbox.confinement / --confinement required) but ${status.reason}. ` +
            'Install bubblewrap (e.g. `apt-get install bubblewrap`) or set confinement to auto.',
        );
      }
      return this.withNotice(await this.inner.run(request), status.text);
    }
    const probe = (await this.probe()) as Extract<BwrapProbe, { available: true }>;
    // No signal: the walk is bounded, and a cancel during it is the inner runner's to report (as cancelled, not thrown).
    const layout = await inspectSandbox(request.sandboxRoot);
    const command = bwrapCommandLine({ bwrap: probe.path, layout, cwd: request.cwd, command: request.command, network: this.network, overlay: probe.overlay });
    return this.withNotice(await this.inner.run({ ...request, command }), status.text);
  }

  /** The first sandbox command of a runner (one run) tells how commands run; later ones stay quiet. */
  private withNotice(result: CommandResult, text: string): CommandResult {
    if (this.noticeGiven) return result;
    this.noticeGiven = true;
    return { ...result, notice: result.notice ? `${text}\n${result.notice}` : text };
  }
}
