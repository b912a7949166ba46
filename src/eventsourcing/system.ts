import type { Application } from './application';
import { ProcessApplication } from './process-application';

/**
 * Which application follows which. Each pipe is a chain: `[commands, sagas, accounts]` means sagas follows
 * commands and accounts follows sagas. Every application after the first of a pipe must be a process application.
 */
export class System {
  readonly applications: readonly Application[];
  readonly followers: readonly ProcessApplication[];
  readonly #upstreams = new Map<ProcessApplication, Application[]>();

  constructor(pipes: readonly (readonly Application[])[]) {
    const applications = new Set<Application>();
    for (const pipe of pipes) {
      pipe.forEach((application, index) => {
        applications.add(application);
        const upstream = pipe[index - 1];
        if (upstream === undefined) return;
        if (!(application instanceof ProcessApplication)) {
          throw new TypeError(`${application.name} follows ${upstream.name} but is not a process application`);
        }
        const upstreams = this.#upstreams.get(application) ?? [];
        if (!upstreams.includes(upstream)) upstreams.push(upstream);
        this.#upstreams.set(application, upstreams);
      });
    }
    const names = [...applications].map((application) => application.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) throw new TypeError(`Two applications are named ${duplicate}`);
    this.applications = [...applications];
    this.followers = [...this.#upstreams.keys()];
  }

  /** The applications a follower follows, in the order the pipes name them. */
  upstreamsOf(follower: ProcessApplication): readonly Application[] {
    return this.#upstreams.get(follower) ?? [];
  }

  /** The process applications that follow an application. */
  followersOf(upstream: Application): readonly ProcessApplication[] {
    return this.followers.filter((follower) => this.upstreamsOf(follower).includes(upstream));
  }
}
