import { Application } from './application';
import type { Follower } from './follower';
import { ProcessApplication } from './process-application';

/** An element of a pipe: an application, or (only at the end of a pipe) a follower that is not one. */
export type PipeElement = Application | Follower;

/**
 * Which application follows which. Each pipe is a chain: `[commands, sagas, accounts]` means sagas follows
 * commands and accounts follows sagas. Every element after the first of a pipe must be a follower (a process
 * application, or a follower such as a derivation that writes into other applications, which then ends its pipe).
 */
export class System {
  readonly applications: readonly Application[];
  readonly followers: readonly Follower[];
  readonly #upstreams = new Map<Follower, Application[]>();

  constructor(pipes: readonly (readonly PipeElement[])[]) {
    const applications = new Set<Application>();
    for (const pipe of pipes) {
      pipe.forEach((element, index) => {
        if (isApplication(element)) applications.add(element);
        for (const written of (element as Follower).writesInto ?? []) applications.add(written);
        const upstream = pipe[index - 1];
        if (upstream === undefined) return;
        if (!isApplication(upstream)) {
          throw new TypeError(`${element.name} follows ${upstream.name}, which is not an application`);
        }
        if (isApplication(element) && !(element instanceof ProcessApplication)) {
          throw new TypeError(`${element.name} follows ${upstream.name} but is not a process application`);
        }
        const follower = element as Follower;
        const upstreams = this.#upstreams.get(follower) ?? [];
        if (!upstreams.includes(upstream)) upstreams.push(upstream);
        this.#upstreams.set(follower, upstreams);
      });
    }
    const names = [...applications].map((application) => application.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) throw new TypeError(`Two applications are named ${duplicate}`);
    this.applications = [...applications];
    this.followers = [...this.#upstreams.keys()];
  }

  /** The applications a follower follows, in the order the pipes name them. */
  upstreamsOf(follower: Follower): readonly Application[] {
    return this.#upstreams.get(follower) ?? [];
  }

  /** The followers of an application. */
  followersOf(upstream: Application): readonly Follower[] {
    return this.followers.filter((follower) => this.upstreamsOf(follower).includes(upstream));
  }
}

function isApplication(element: PipeElement): element is Application {
  return element instanceof Application;
}
