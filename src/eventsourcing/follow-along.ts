import type { System } from './system';

/**
 * Lets every follower of a system that can work out its results before its upstream's events are stored
 * (`Follower.prepareAlong`) commit them with those events (`Application.followAlong`). A runner does this while it
 * runs, since the follower's position must then be its own to move. Returns the function that stops it.
 */
export function followAlong(system: System): () => void {
  const stops = system.followers.flatMap((follower) =>
    follower.prepareAlong === undefined
      ? []
      : system.upstreamsOf(follower).map((upstream) => upstream.followAlong(follower)),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
