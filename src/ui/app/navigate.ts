import { routeHref, type Route } from './route';

/** Goes to a screen (a new history entry, so Back returns). */
export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
